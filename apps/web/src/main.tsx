import { createRoot } from 'react-dom/client';
import './lib/dates';
import { App } from './app/App';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App />);
