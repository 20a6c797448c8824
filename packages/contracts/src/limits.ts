// Bounds every side agrees on, as plain numbers: the schemas use them, and so may a browser bundle (see plain.ts).
export const MAX_INT_ID = 2147483647;
export const MAX_PAGE_SIZE = 100;
export const PAGE_MAX = 100000;
