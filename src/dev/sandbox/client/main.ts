// Entry of the sandbox's browser bundle (built by ../bundle.ts). The stylesheets are imported
// here so esbuild emits them as the bundle's one CSS file, GraphiQL's own first.
import 'graphiql/graphiql.css';
import './sandbox.css';
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Sandbox } from './app.ts';

const container = document.getElementById('sandbox');
if (!container) throw new Error('sandbox: the page has no #sandbox element');
createRoot(container).render(createElement(StrictMode, null, createElement(Sandbox, {})));
