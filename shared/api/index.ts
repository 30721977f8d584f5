export * from './clock';
export * from './contract';
export * from './frames';
export * from './model';
