// Given names of fictional Dutch school staff, as adults born 1960–2000 carry them (the pupils'
// lists in names.ts are for children born after 2000). Family names come from names.ts.

export const STAFF_NAMES_FEMALE: readonly string[] = [
  'Anja', 'Marieke', 'Ingrid', 'Monique', 'Sandra', 'Petra', 'Esther', 'Linda', 'Marloes', 'Annemiek',
  'Wendy', 'Karin', 'Saskia', 'Nicole', 'Mirjam', 'Judith', 'Ellen', 'Hanneke', 'Janneke', 'Naima',
  'Samira', 'Fatma', 'Charlotte', 'Eva', 'Laura', 'Manon', 'Renée', 'Joke', 'Astrid', 'Yvonne',
];

export const STAFF_NAMES_MALE: readonly string[] = [
  'Jeroen', 'Marco', 'Erik', 'Peter', 'Bas', 'Mark', 'Martijn', 'Rob', 'Sander', 'Arjan', 'Wouter',
  'Michiel', 'Dennis', 'Frank', 'Hans', 'Paul', 'Joost', 'Ruud', 'Vincent', 'Youssef', 'Hakan',
  'Niels', 'Tom', 'Bart', 'Koen', 'Ramon', 'Hendrik', 'Gerard', 'Maarten', 'Edwin',
];
