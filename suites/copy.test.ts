import { defineTableSuite } from './support/table-suite';

defineTableSuite('copy');
