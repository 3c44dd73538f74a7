/** Realistic answers of the Price List Query API and EC2's Spot price history, for this folder's tests. */
import { AccessDeniedException } from '@aws-sdk/client-pricing';
import type { SpotPrice } from '@aws-sdk/client-ec2';
import { LazyJsonString } from '@smithy/core/serde';

/**
 * One GetProducts PriceList item, as AWS sends it: a JSON string with the product's attributes and its
 * on-demand and reserved terms (shape as in the Billing User Guide, "Reading the service price list
 * file", and real GetProducts answers for AmazonEC2).
 */
export function priceListItem(spec: { type?: string; region?: string; usd?: string; operation?: string; sku?: string } = {}): string {
  const type = spec.type ?? 't3.micro';
  const region = spec.region ?? 'us-east-1';
  const sku = spec.sku ?? 'DQ578CGN99KG6ECF';
  const usd = spec.usd ?? '0.0104000000';
  return JSON.stringify({
    product: {
      productFamily: 'Compute Instance',
      attributes: {
        enhancedNetworkingSupported: 'Yes',
        memory: '1 GiB',
        vcpu: '2',
        capacitystatus: 'Used',
        locationType: 'AWS Region',
        storage: 'EBS only',
        instanceFamily: 'General purpose',
        operatingSystem: 'Linux',
        regionCode: region,
        physicalProcessor: 'Intel Skylake E5 2686 v5',
        networkPerformance: 'Up to 5 Gigabit',
        servicename: 'Amazon Elastic Compute Cloud',
        instanceType: type,
        tenancy: 'Shared',
        usagetype: `BoxUsage:${type}`,
        servicecode: 'AmazonEC2',
        licenseModel: 'No License required',
        currentGeneration: 'Yes',
        preInstalledSw: 'NA',
        location: 'US East (N. Virginia)',
        processorArchitecture: '64-bit',
        marketoption: 'OnDemand',
        operation: spec.operation ?? 'RunInstances',
        availabilityzone: 'NA',
      },
      sku,
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit: 'Hrs',
              endRange: 'Inf',
              description: `$${Number(usd)} per On Demand Linux ${type} Instance Hour`,
              appliesTo: [],
              rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: usd },
            },
          },
          sku,
          effectiveDate: '2025-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
      Reserved: {
        [`${sku}.4NA7Y494T4`]: {
          priceDimensions: {
            [`${sku}.4NA7Y494T4.6YS6EN2CT7`]: {
              unit: 'Hrs',
              endRange: 'Inf',
              description: `Linux/UNIX (Amazon VPC), ${type} reserved instance applied`,
              appliesTo: [],
              rateCode: `${sku}.4NA7Y494T4.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: '0.0065000000' },
            },
          },
          sku,
          effectiveDate: '2025-11-01T00:00:00Z',
          offerTermCode: '4NA7Y494T4',
          termAttributes: { LeaseContractLength: '1yr', OfferingClass: 'standard', PurchaseOption: 'No Upfront' },
        },
      },
    },
    version: '20251120160428',
    publicationDate: '2025-11-20T16:04:28Z',
  });
}

/** A GetProducts answer as the SDK gives it: each PriceList item a LazyJsonString (a boxed String), not a string. */
export function getProductsAnswer(items: string[], nextToken?: string) {
  return { FormatVersion: 'aws_v1', PriceList: items.map((item) => LazyJsonString.from(item)), ...(nextToken !== undefined ? { NextToken: nextToken } : {}) };
}

/** DescribeSpotPriceHistory entries as EC2 answers them with StartTime now: one per zone, the last change before it. */
export function spotEntries(type: string, prices: Record<string, string>, at = new Date('2025-06-01T09:13:07.000Z')): SpotPrice[] {
  return Object.entries(prices).map(([zone, price]) => ({ AvailabilityZone: zone, InstanceType: type as SpotPrice['InstanceType'], ProductDescription: 'Linux/UNIX', SpotPrice: price, Timestamp: at }));
}

/** What the Price List answers a caller without pricing:GetProducts. */
export function pricingDenied(): AccessDeniedException {
  return new AccessDeniedException({
    $metadata: { httpStatusCode: 400 },
    message: 'User: arn:aws:iam::123456789012:user/ada is not authorized to perform: pricing:GetProducts because no identity-based policy allows the pricing:GetProducts action',
  });
}
