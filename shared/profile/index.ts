export * from './blocks';
export * from './codec';
export * from './schema';
