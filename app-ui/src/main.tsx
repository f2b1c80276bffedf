import { createRoot } from 'react-dom/client';
import { App } from './app';
import { productionPorts } from './composition';
import { initAppSdk } from './sdk/init-sdk';

const container = document.getElementById('root');
if (container)
  createRoot(container).render(<App pathname={window.location.pathname} init={initAppSdk} ports={productionPorts} />);
