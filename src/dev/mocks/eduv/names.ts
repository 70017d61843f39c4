// Word lists for fictional Dutch pupils and their homes: given names as children born 2000–2022
// in the Netherlands carry them, family names with their voorvoegsels, and street names found in
// most Dutch towns. Any resemblance of a generated combination to a real person is chance.

export const GIVEN_NAMES_FEMALE: readonly string[] = [
  'Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Zoë', 'Sara', 'Nora', 'Evi', 'Anna', 'Saar', 'Lotte',
  'Noor', 'Liv', 'Fenna', 'Lieke', 'Isa', 'Yara', 'Fleur', 'Maud', 'Roos', 'Sanne', 'Femke', 'Lisa',
  'Anouk', 'Esmee', 'Jasmijn', 'Nina', 'Olivia', 'Hannah', 'Lynn', 'Vera', 'Elin', 'Amira', 'Fatima',
  'Aya', 'Yasmina', 'Ilse', 'Meryem', 'Elif', 'Zeynep', 'Sofia', 'Mirthe', 'Floor', 'Britt', 'Iris',
  'Eline', 'Demi', 'Kiki', 'Luna', 'Norah', 'Ayla', 'Suze', 'Jade', 'Lauren', 'Merel', 'Puck',
];

export const GIVEN_NAMES_MALE: readonly string[] = [
  'Daan', 'Sem', 'Noah', 'Lucas', 'Levi', 'Finn', 'Luuk', 'Milan', 'Bram', 'Jesse', 'Thijs', 'Sven',
  'Ruben', 'Stijn', 'Lars', 'Mees', 'Gijs', 'Tijn', 'Jens', 'Sam', 'Teun', 'Jayden', 'Julian', 'Hugo',
  'Thomas', 'Tim', 'Niels', 'Max', 'Olivier', 'Siem', 'Boaz', 'Jurre', 'Wout', 'Stan', 'Rens', 'Koen',
  'Mohamed', 'Yusuf', 'Adam', 'Ayoub', 'Emir', 'Mert', 'Omar', 'Rayan', 'Ilias', 'Mats', 'Dex',
  'Pepijn', 'Joep', 'Floris', 'Vince', 'Senna', 'Hidde', 'Jelle', 'Ties', 'Otis', 'Morris',
];

export const GIVEN_NAMES_NEUTRAL: readonly string[] = ['Sam', 'Noa', 'Robin', 'Alex', 'Senna', 'Jip', 'Kai', 'Charlie', 'Lou', 'Sasha'];

/** Formal (doop)names with the roepnaam that goes with them; the roepnaam is preferredFirstName. */
export const FORMAL_NAMES_FEMALE: readonly (readonly [string, string])[] = [
  ['Johanna', 'Janneke'], ['Catharina', 'Tineke'], ['Wilhelmina', 'Mieke'], ['Elisabeth', 'Lisa'],
  ['Margaretha', 'Margot'], ['Alexandra', 'Sacha'], ['Josephine', 'Fien'], ['Maria', 'Marieke'],
  ['Geertruida', 'Trudy'], ['Henriëtte', 'Jet'],
];

export const FORMAL_NAMES_MALE: readonly (readonly [string, string])[] = [
  ['Johannes', 'Hans'], ['Jacobus', 'Koos'], ['Alexander', 'Sander'], ['Maximiliaan', 'Max'],
  ['Hendrik', 'Henk'], ['Cornelis', 'Kees'], ['Willem', 'Wim'], ['Theodorus', 'Ted'],
  ['Gerardus', 'Gert'], ['Nicolaas', 'Klaas'],
];

/** Family names: [voorvoegsel or '', geslachtsnaam]. Names with a voorvoegsel are common in NL. */
export const FAMILY_NAMES: readonly (readonly [string, string])[] = [
  ['de', 'Jong'], ['', 'Jansen'], ['de', 'Vries'], ['van den', 'Berg'], ['van', 'Dijk'], ['', 'Bakker'],
  ['', 'Janssen'], ['', 'Visser'], ['', 'Smit'], ['', 'Meijer'], ['de', 'Boer'], ['', 'Mulder'],
  ['de', 'Groot'], ['', 'Bos'], ['', 'Vos'], ['', 'Peters'], ['', 'Hendriks'], ['van', 'Leeuwen'],
  ['', 'Dekker'], ['', 'Brouwer'], ['de', 'Wit'], ['', 'Dijkstra'], ['', 'Smits'], ['de', 'Graaf'],
  ['van der', 'Meer'], ['van der', 'Linden'], ['', 'Kok'], ['', 'Jacobs'], ['de', 'Haan'],
  ['', 'Vermeulen'], ['van den', 'Heuvel'], ['van der', 'Veen'], ['van den', 'Broek'], ['de', 'Bruijn'],
  ['de', 'Bruin'], ['van der', 'Heijden'], ['', 'Schouten'], ['van', 'Beek'], ['', 'Willems'],
  ['van', 'Vliet'], ['van de', 'Ven'], ['', 'Hoekstra'], ['', 'Maas'], ['', 'Verhoeven'], ['', 'Koster'],
  ['van', 'Dam'], ['van der', 'Wal'], ['', 'Prins'], ['', 'Blom'], ['', 'Huisman'], ['', 'Peeters'],
  ['de', 'Jonge'], ['', 'Kuipers'], ['van', 'Veen'], ['', 'Post'], ['', 'Kuiper'], ['', 'Veenstra'],
  ['', 'Kramer'], ['van den', 'Brink'], ['', 'Scholten'], ['van', 'Wijk'], ['', 'Postma'], ['', 'Martens'],
  ['', 'Vink'], ['de', 'Ruiter'], ['', 'Timmermans'], ['', 'Groen'], ['', 'Gerritsen'], ['', 'Jonker'],
  ['van', 'Loon'], ['', 'Boer'], ['van der', 'Velde'], ['', 'Willemsen'], ['', 'Smeets'], ['de', 'Lange'],
  ['de', 'Vos'], ['', 'Bosch'], ['van', 'Dongen'], ['', 'Schipper'], ['de', 'Koning'], ['van der', 'Laan'],
  ['', 'Koning'], ['van der', 'Velden'], ['', 'Driessen'], ['van', 'Doorn'], ['', 'Hermans'], ['', 'Evers'],
  ['van den', 'Bosch'], ['van der', 'Meulen'], ['', 'Hofman'], ['', 'Bosman'], ['', 'Wolters'], ['', 'Sanders'],
  ['van der', 'Horst'], ['', 'Mol'], ['', 'Kuijpers'], ['', 'Molenaar'], ['van de', 'Pol'], ['de', 'Leeuw'],
  ['', 'Verbeek'], ["van 't", 'Hof'], ["in 't", 'Veld'], ['ter', 'Horst'], ['ten', 'Cate'], ['van', 'Os'],
  ['', 'Yılmaz'], ['', 'Öztürk'], ['', 'Kaya'], ['', 'Demir'], ['', 'Şahin'], ['', 'El Amrani'],
  ['', 'Bouzid'], ['', 'El Idrissi'], ['', 'Benali'], ['', 'Ait Lahcen'], ['', 'Nguyen'], ['', 'Tran'],
  ['', 'Pinas'], ['', 'Kartosen'], ['', 'Amrani'], ['', 'Haddou'], ['', 'Kowalski'], ['', 'Nowak'],
];

export const PARENT_NAMES: readonly string[] = [
  'Marieke', 'Sandra', 'Linda', 'Esther', 'Ingrid', 'Monique', 'Karin', 'Petra', 'Mirjam', 'Anouk',
  'Naima', 'Samira', 'Ayşe', 'Hatice', 'Mark', 'Jeroen', 'Bas', 'Erik', 'Martijn', 'Dennis', 'Sander',
  'Patrick', 'Michiel', 'Frank', 'Mohamed', 'Ahmed', 'Hasan', 'Mustafa', 'Wendy', 'Judith', 'Remco',
  'Arjen', 'Marloes', 'Ilona', 'Ruud', 'Hanneke', 'Thijs', 'Kim', 'Jolanda', 'Vincent',
];

export const STREETS: readonly string[] = [
  'Kerkstraat', 'Dorpsstraat', 'Molenweg', 'Schoolstraat', 'Julianalaan', 'Beatrixstraat',
  'Wilhelminastraat', 'Prinses Irenestraat', 'Lindelaan', 'Eikenlaan', 'Berkenhof', 'Merelstraat',
  'Spoorlaan', 'Stationsweg', 'Havenkade', 'Burgemeester de Withstraat', 'Rembrandtlaan',
  'Vondelstraat', 'Tulpstraat', 'Zonnebloemweg', 'Populierenlaan', 'Kastanjelaan', 'Esdoornstraat',
  'Meidoornhof', 'Sportlaan', 'Parkweg', 'Hoofdstraat', 'Nieuwstraat', 'Marktplein', 'Vlietkade',
  'Leeuweriklaan', 'Koolmeesstraat', 'Weteringpad', 'Dijkgraafslaan', 'Van Goghstraat',
  'Mauritsweg', 'Oranjelaan', 'Jan Steenstraat', 'Pieter de Hooghlaan', 'Korenbloemstraat',
  'Lavendelhof', 'Boterbloemstraat', 'Zuiderweg', 'Noorderhaven', 'Westsingel', 'Oostersingel',
];

/** Mail providers for private and parents' addresses; all under the reserved .example TLD. */
export const MAIL_PROVIDERS: readonly string[] = ['mail.example', 'post.example', 'inbox.example', 'thuis.example'];

/** Lowercase ASCII for mail addresses: "Zoë" → "zoe", "van 't Hof" → "vanthof". */
export function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i').replace(/ş/g, 's').toLowerCase().replace(/[^a-z0-9]/g, '');
}
