/** EC2 instance families (the part before the dot in `m7g.large`). */
export const INSTANCE_FAMILIES = [
  'a1', 't1', 't2', 't3', 't3a', 't4g',
  'm1', 'm2', 'm3', 'm4', 'm5', 'm5a', 'm5ad', 'm5d', 'm5dn', 'm5n', 'm5zn', 'm6a', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in',
  'm7a', 'm7g', 'm7gd', 'm7i', 'm7i-flex', 'm8a', 'm8g', 'm8gd', 'm8i', 'm8i-flex', 'mac1', 'mac2', 'mac2-m1ultra', 'mac2-m2', 'mac2-m2pro',
  'c1', 'c3', 'c4', 'c5', 'c5a', 'c5ad', 'c5d', 'c5n', 'c6a', 'c6g', 'c6gd', 'c6gn', 'c6i', 'c6id', 'c6in',
  'c7a', 'c7g', 'c7gd', 'c7gn', 'c7i', 'c7i-flex', 'c8g', 'c8gd', 'c8gn', 'c8i',
  'r3', 'r4', 'r5', 'r5a', 'r5ad', 'r5b', 'r5d', 'r5dn', 'r5n', 'r6a', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in',
  'r7a', 'r7g', 'r7gd', 'r7i', 'r7iz', 'r8g', 'r8gd', 'r8i', 'r8i-flex',
  'x1', 'x1e', 'x2gd', 'x2idn', 'x2iedn', 'x2iezn', 'x8g', 'z1d',
  'u-3tb1', 'u-6tb1', 'u-9tb1', 'u-12tb1', 'u-18tb1', 'u-24tb1', 'u7i-6tb', 'u7i-8tb', 'u7i-12tb', 'u7in-16tb', 'u7in-24tb', 'u7in-32tb',
  'd2', 'd3', 'd3en', 'h1', 'i2', 'i3', 'i3en', 'i4g', 'i4i', 'i7i', 'i7ie', 'i8g', 'im4gn', 'is4gen',
  'p2', 'p3', 'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'p6-b200',
  'g3', 'g3s', 'g4ad', 'g4dn', 'g5', 'g5g', 'g6', 'g6e', 'gr6', 'dl1', 'dl2q', 'f1', 'f2', 'inf1', 'inf2', 'trn1', 'trn1n', 'trn2', 'vt1',
  'hpc6a', 'hpc6id', 'hpc7a', 'hpc7g',
] as const;

/** Current families, offered first when a typo is as close to several (t9 → t3, not t1). */
export const COMMON_FAMILIES = ['t3', 't4g', 't3a', 'm7i', 'm7g', 'm7a', 'c7i', 'c7g', 'r7i', 'r7g', 'm6i', 'c6i', 'r6i', 'm5', 'c5', 'r5'] as const;

/** `nano` … `xlarge`, `Nxlarge`, `metal` and `metal-Nxl`. */
export const INSTANCE_SIZE = /^(?:nano|micro|small|medium|large|xlarge|\d{1,3}xlarge|metal|metal-\d{1,2}xl)$/;

export function isKnownFamily(family: string): boolean {
  return (INSTANCE_FAMILIES as readonly string[]).includes(family);
}
