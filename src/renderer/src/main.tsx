import { cspNonce, nonceStyleInsertions } from './lib/cspNonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import './i18n';
import { App } from './app/App';

nonceStyleInsertions(cspNonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
