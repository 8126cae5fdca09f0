import { defineTableSuite } from './support/table-suite';

defineTableSuite('upload-part-copy');
