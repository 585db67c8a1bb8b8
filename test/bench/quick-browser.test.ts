// The quick bench of what runs in Chromium: the widget on a host page, the agent app's inbox.
import { quickBench } from './quick-bench.ts'

quickBench(['widget', 'agent-app'])
