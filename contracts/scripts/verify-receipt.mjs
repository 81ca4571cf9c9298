// Checks a withdrawal's inclusion receipt (GET /api/withdrawals/{hash}/receipt) against L1 alone,
// with common tools only: viem for the chain and EIP-712, @openzeppelin/merkle-tree for the proof.
// Trusts nothing the service says that L1 cannot confirm.
// Usage: curl -s localhost:8080/api/withdrawals/0x…/receipt | node scripts/verify-receipt.mjs <l1-rpc-url>
// Prints what it checked; exits 1 at the first check that fails.
import fs from 'node:fs';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { createPublicClient, decodeEventLog, hashTypedData, http, isAddressEqual, parseAbi,
  recoverTypedDataAddress } from 'viem';

const abi = parseAbi([
  'event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)',
  'event WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success)',
  'function portal() view returns (address)',
  'event ManifestExecuted(bytes32 indexed digest, bytes32 indexed root, uint256 id, uint256 items, uint256 done, uint256 skipped, uint256 failed)',
  'function isManifestSigner(address) view returns (bool)',
  'function finalizedWithdrawals(bytes32) view returns (bool)',
]);
const rpc = process.argv[2];
if (!rpc) { console.error('usage: node scripts/verify-receipt.mjs <l1-rpc-url> < receipt.json'); process.exit(2); }
const receipt = JSON.parse(fs.readFileSync(0, 'utf8'));
const client = createPublicClient({ transport: http(rpc) });
const checks = [];
function check(ok, what) {
  checks.push(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) { console.log(checks.join('\n')); process.exit(1); }
}
const lower = (s) => String(s).toLowerCase();

check(receipt.steps?.length > 0, `receipt of ${receipt.withdrawalHash} has steps`);
for (const step of receipt.steps) {
  const tx = await client.getTransactionReceipt({ hash: step.l1TxHash });
  check(tx.status === 'success', `${step.action}: L1 transaction ${step.l1TxHash} succeeded`);
  check(Number(tx.blockNumber) === Number(step.l1BlockNumber), `${step.action}: mined in L1 block ${tx.blockNumber}`);
  // The transaction went to the batcher; the batcher calls its portal (fixed at deployment), and the
  // portal's own event for this withdrawal in that transaction says it was proven / finalized there.
  const batcher = tx.to;
  const portal = await client.readContract({ address: batcher, abi, functionName: 'portal', blockNumber: tx.blockNumber });
  if (step.manifest) {
    check(isAddressEqual(step.manifest.typedData.message.portal, portal), `${step.action}: the manifest names the batcher's portal ${portal}`);
  }
  const log = tx.logs.find((l) => Number(l.logIndex) === Number(step.logIndex));
  check(log && isAddressEqual(log.address, portal), `${step.action}: log ${step.logIndex} was emitted by the portal ${portal}`);
  const event = decodeEventLog({ abi, data: log.data, topics: log.topics });
  const expected = step.action === 'PROVE' ? 'WithdrawalProven' : 'WithdrawalFinalized';
  check(event.eventName === expected && event.eventName === step.event
    && lower(event.args.withdrawalHash) === lower(receipt.withdrawalHash),
    `${step.action}: the portal's ${event.eventName}(${receipt.withdrawalHash})`);
  if (step.action === 'FINALIZE') {
    const finalized = await client.readContract({ address: portal, abi, functionName: 'finalizedWithdrawals',
      args: [receipt.withdrawalHash] });
    check(finalized, `FINALIZE: the portal ${portal} says finalizedWithdrawals = true`);
  }
  const m = step.manifest;
  if (!m) continue;
  check(isAddressEqual(m.typedData.domain.verifyingContract, batcher), `${step.action}: the manifest is for this batcher`);
  check(lower(m.typedData.message.root) === lower(m.root) && hashTypedData(m.typedData) === lower(m.digest),
    `${step.action}: manifest #${m.id}: its EIP-712 digest is ${m.digest}, over root ${m.root}`);
  const signer = await recoverTypedDataAddress({ ...m.typedData, signature: m.signature });
  check(isAddressEqual(signer, m.signer), `${step.action}: the signature recovers to the signer ${signer}`);
  const listed = await client.readContract({ address: batcher, abi, functionName: 'isManifestSigner', args: [signer],
    blockNumber: tx.blockNumber });
  check(listed, `${step.action}: the batcher listed ${signer} as a manifest signer at that block`);
  check(lower(m.leaf[1]) === lower(receipt.withdrawalHash), `${step.action}: leaf ${m.leaf[0]} is this withdrawal`);
  check(StandardMerkleTree.verify(m.root, m.leafEncoding, m.leaf, m.proof),
    `${step.action}: the leaf's Merkle proof (${m.proof.length} nodes) leads to the root (OpenZeppelin StandardMerkleTree)`);
  const executed = tx.logs.some((l) => isAddressEqual(l.address, batcher) && l.topics.length === 3
    && (() => { try { const e = decodeEventLog({ abi, data: l.data, topics: l.topics });
      return e.eventName === 'ManifestExecuted' && lower(e.args.digest) === lower(m.digest) && lower(e.args.root) === lower(m.root);
    } catch { return false; } })());
  check(executed, `${step.action}: the transaction's ManifestExecuted event names that manifest and root`);
}
console.log(checks.join('\n'));
console.log('receipt verified');
