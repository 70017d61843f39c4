// Types for the few parts of react, react-dom and graphiql the sandbox client uses.
//
// Why here: the project installs no @types/react (React is only bundled for the sandbox page),
// and graphiql's own declarations lean on it, so without these the client would type-check
// against nothing. Ambient module declarations take precedence over node_modules, so this file
// is the client's whole view of those packages: strict, and no wider than what it calls. Should
// @types/react ever be installed, delete this file and let the real types take over.

declare module 'react' {
  export type Key = string | number;
  export interface ReactElement {
    readonly type: unknown;
    readonly props: unknown;
    readonly key: Key | null;
  }
  export type ReactNode = ReactElement | string | number | boolean | null | undefined | readonly ReactNode[];
  export type FunctionComponent<P> = (props: P) => ReactNode;
  export interface Attributes {
    key?: Key | null;
  }

  export interface ChangeEvent<T> {
    readonly currentTarget: T;
  }
  /** Attributes every element the client renders may carry. */
  export interface CommonProps {
    id?: string;
    className?: string;
    title?: string;
    role?: string;
    'aria-label'?: string;
    'aria-live'?: 'polite' | 'assertive' | 'off';
    [data: `data-${string}`]: string | undefined;
  }
  export interface IntrinsicProps {
    div: CommonProps;
    span: CommonProps;
    header: CommonProps;
    main: CommonProps;
    p: CommonProps;
    strong: CommonProps;
    code: CommonProps;
    label: CommonProps & { htmlFor?: string };
    select: CommonProps & { value?: string; disabled?: boolean; required?: boolean; onChange?: (event: ChangeEvent<HTMLSelectElement>) => void };
    option: CommonProps & { value: string; disabled?: boolean };
    a: CommonProps & { href: string; target?: '_blank'; rel?: string };
    button: CommonProps & { type: 'button'; disabled?: boolean; onClick?: () => void };
  }

  export function createElement<T extends keyof IntrinsicProps>(type: T, props: (IntrinsicProps[T] & Attributes) | null, ...children: ReactNode[]): ReactElement;
  export function createElement<P extends object>(type: FunctionComponent<P>, props: (P & Attributes) | null, ...children: ReactNode[]): ReactElement;

  export type SetState<S> = (next: S | ((previous: S) => S)) => void;
  export function useState<S>(initial: S | (() => S)): [S, SetState<S>];
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useMemo<T>(factory: () => T, deps: readonly unknown[]): T;
  export function useCallback<T extends (...args: never[]) => unknown>(callback: T, deps: readonly unknown[]): T;
  export function useRef<T>(initial: T): { current: T };
  export const StrictMode: FunctionComponent<{ children?: ReactNode }>;
}

declare module 'react-dom/client' {
  import type { ReactNode } from 'react';
  export interface Root {
    render(children: ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element): Root;
}

declare module 'graphiql' {
  import type { FunctionComponent } from 'react';
  import type { FormattedExecutionResult, GraphQLSchema } from 'graphql';

  export interface FetcherParams {
    query: string;
    operationName?: string | null;
    variables?: unknown;
  }
  export interface FetcherOpts {
    /** What the user typed in GraphiQL's headers editor. */
    headers?: Record<string, unknown>;
  }
  export type Fetcher = (params: FetcherParams, opts?: FetcherOpts) => Promise<FormattedExecutionResult>;

  export interface GraphiQLProps {
    fetcher: Fetcher;
    defaultQuery?: string;
    /** JSON text for the headers editor, when nothing is stored. */
    defaultHeaders?: string;
    isHeadersEditorEnabled?: boolean;
    shouldPersistHeaders?: boolean;
    defaultEditorToolsVisibility?: boolean | 'variables' | 'headers';
    forcedTheme?: 'light' | 'dark' | 'system';
    inputValueDeprecation?: boolean;
    onSchemaChange?: (schema: GraphQLSchema) => void;
  }
  export const GraphiQL: FunctionComponent<GraphiQLProps>;
}
