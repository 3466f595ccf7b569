import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/biz-udpgothic/400.css';
import '@fontsource/biz-udpgothic/700.css';
import './styles.css';
import { App } from './app/App';
import { warmUpFonts } from './ui/fontWarmup';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

warmUpFonts();
