// placeholder — being written; see startEngine() signature in the helper brief
export {};
