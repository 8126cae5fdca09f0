import { defineTableSuite } from './support/table-suite';

defineTableSuite('sse-c');
