/**
 * The subnet plan of the VPC, computed once here and handed to the network construct, so the
 * model (and the docs and summary built from it) say exactly which block each subnet gets.
 * Private subnets come first: they are the large ones (nodes and pods take VPC addresses).
 */
import { carve, type Cidr } from './cidr';

export interface SubnetPair {
  readonly private: Cidr;
  readonly public: Cidr;
}

export function layoutSubnets(vpc: Cidr, privateMask: number, publicMask: number, zones: number): SubnetPair[] {
  const privates = carve(vpc, privateMask, zones);
  const last = privates[privates.length - 1];
  const publics = carve(vpc, publicMask, zones, last.network + last.size);
  return privates.map((p, i) => ({ private: p, public: publics[i] }));
}
