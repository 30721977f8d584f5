export * from './codec';
export * from './schema';
