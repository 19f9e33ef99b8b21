export * from './apiChannels';
export * from './names';
export * from './client';
export type * from './types';
export * from './security';
