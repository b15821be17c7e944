// Library calls in tests default to $XDG_CACHE_HOME like users' do; point it at a temp folder.
import { TEST_CACHE } from './helpers.ts';

process.env.XDG_CACHE_HOME = TEST_CACHE;
