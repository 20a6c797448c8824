import { runMain } from '@marketshare/service-kit';
import { startService } from './service.js';

runMain(() => startService(process.env));
