// Writes <Name>.abi / <Name>.bin for web3j codegen into the given output folder:
//  - the Optimism contracts we use, taken from @eth-optimism/contracts-bedrock's forge artifacts;
//  - our own contracts in contracts/src, compiled with the pinned solcjs (no network needed);
// and, into <resourcesDir>/contracts, <Name>.runtime.json for the contracts the service deploys itself:
// the runtime code and where its immutables sit, so that code found on a chain can be compared with it.
// Usage: node scripts/build-contracts.mjs <outDir> [<resourcesDir>]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'target', 'contracts'));
fs.mkdirSync(outDir, { recursive: true });
const resourcesDir = process.argv[3] ? path.resolve(process.argv[3]) : null;
// Deployed by the service (deploy-batcher), which verifies what it finds at the address.
const RUNTIME_ARTIFACTS = ['WithdrawalBatcher'];

const OP_CONTRACTS = [
  'L2ToL1MessagePasser', 'OptimismPortal2', 'DisputeGameFactory', 'PermissionedDisputeGame',
  'AnchorStateRegistry', 'SuperchainConfig', 'SystemConfig', 'ProxyAdmin', 'Proxy', 'DelayedWETH',
  'PreimageOracle', 'MIPS',
  // The messenger and the standard bridge on both sides, the L2 token kind, and the L1Block predeploy they read.
  'L1CrossDomainMessenger', 'L1StandardBridge', 'L2CrossDomainMessenger', 'L2StandardBridge', 'OptimismMintableERC20',
  'L1Block',
  // The legacy flavour: a portal that proves against an L2OutputOracle.
  'OptimismPortal', 'L2OutputOracle',
];
const artifacts = path.join(here, 'node_modules', '@eth-optimism', 'contracts-bedrock', 'forge-artifacts');

function writeIfChanged(file, text) {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

// Immutables are written into the runtime code by the constructor, so the code on a chain differs from
// solc's deployedBytecode exactly there: a verifier masks these ranges (solc gives them per AST id).
function writeRuntime(name, deployed) {
  const immutableReferences = Object.values(deployed.immutableReferences ?? {}).flat()
    .map(({ start, length }) => ({ start, length }))
    .sort((a, b) => a.start - b.start);
  const dir = path.join(resourcesDir, 'contracts');
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ runtimeCode: `0x${deployed.object}`, immutableReferences }, null, 1);
  writeIfChanged(path.join(dir, `${name}.runtime.json`), `${json}\n`);
}

function write(name, abi, bin) {
  const abiFile = path.join(outDir, `${name}.abi`);
  const text = JSON.stringify(abi);
  // Leave unchanged files alone so that Maven's codegen step can skip them.
  if (!fs.existsSync(abiFile) || fs.readFileSync(abiFile, 'utf8') !== text) fs.writeFileSync(abiFile, text);
  const binFile = path.join(outDir, `${name}.bin`);
  const code = bin.replace(/^0x/, '');
  if (!fs.existsSync(binFile) || fs.readFileSync(binFile, 'utf8') !== code) fs.writeFileSync(binFile, code);
}

for (const name of OP_CONTRACTS) {
  const j = JSON.parse(fs.readFileSync(path.join(artifacts, `${name}.sol`, `${name}.json`), 'utf8'));
  write(name, j.abi, j.bytecode.object);
}

// Multicall3 as deployed on every chain: viem ships its canonical creation code; the interface's
// ABI comes with the OP artifacts. Only the gas benchmark uses it, as the baseline batcher.
{
  const abi = JSON.parse(fs.readFileSync(path.join(artifacts, 'IMulticall3.sol', 'IMulticall3.0.8.15.json'), 'utf8')).abi;
  const viem = fs.readFileSync(path.join(here, 'node_modules', 'viem', '_esm', 'constants', 'contracts.js'), 'utf8');
  const bytecode = viem.match(/multicall3Bytecode = '(0x[0-9a-f]+)'/)[1];
  write('Multicall3', abi, bytecode);
}

// Any token's symbol and decimals, read once for the status page's amounts: OpenZeppelin's published interface.
{
  const j = JSON.parse(fs.readFileSync(path.join(here, 'node_modules', '@openzeppelin', 'contracts', 'build', 'contracts',
    'IERC20Metadata.json'), 'utf8'));
  write('IERC20Metadata', j.abi, j.bytecode ?? '0x');
}

const srcDir = path.join(here, 'src');
const sources = fs.existsSync(srcDir) ? fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')) : [];
// Some bedrock 0.17.3 libraries pin "pragma solidity 0.8.15;" exactly (SafeCall, RLPErrors, under MerkleTrie), which
// the pinned solc 0.8.30 refuses. Those files are read from the package unchanged except for that one line, which
// becomes "^0.8.15" in memory (the files on disk stay as published); each such file is named in the build output.
const BEDROCK = '@eth-optimism/contracts-bedrock';
const relaxed = new Set();
const bedrockDir = path.join(here, 'node_modules', BEDROCK) + path.sep;
function relaxPinnedPragma(file, p, text) {
  if (!file.startsWith(bedrockDir)) return text;
  const out = text.replace(/^pragma solidity (0\.8\.\d+);/m, 'pragma solidity ^$1;');
  if (out !== text) relaxed.add(p);
  return out;
}

if (sources.length > 0) {
  const require = createRequire(import.meta.url);
  const solc = require('solc');
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(sources.map((f) => [f, { content: fs.readFileSync(path.join(srcDir, f), 'utf8') }])),
    settings: {
      // The bedrock sources import each other as "src/..." (their foundry remapping): inside the package, map
      // that prefix onto the package itself, so that a library is one source unit whichever way it is reached
      // (our StandIn*.sol import "@eth-optimism/contracts-bedrock/src/..."; a second unit for the same file would
      // make its structs distinct types, e.g. Types.WithdrawalTransaction given to Hashing.hashWithdrawal).
      remappings: [
        `${BEDROCK}/:src/=${BEDROCK}/src/`,
        `${BEDROCK}/:interfaces/=${BEDROCK}/interfaces/`,
      ],
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.deployedBytecode.immutableReferences'] },
      },
    },
  };
  const findImports = (p) => {
    // A bare "src/..." or "interfaces/..." (a bedrock file's own import style, should one reach us unremapped)
    // resolves inside the bedrock package, as the remappings above do.
    const candidates = /^(src|interfaces)\//.test(p)
      ? [path.join(here, 'node_modules', BEDROCK, p)]
      : [srcDir, path.join(here, 'node_modules')].map((base) => path.join(base, p));
    for (const f of candidates) {
      if (fs.existsSync(f)) {
        return { contents: relaxPinnedPragma(f, p, fs.readFileSync(f, 'utf8')) };
      }
    }
    return { error: `not found: ${p}` };
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  for (const e of out.errors ?? []) console.error(e.formattedMessage);
  if (errors.length > 0) process.exit(1);
  for (const f of sources) {
    for (const [name, c] of Object.entries(out.contracts[f] ?? {})) {
      // Contracts with code, and the views we ask of OP contracts (interfaces: an ABI and no code).
      if (c.evm.bytecode.object.length > 0 || f === 'OpContractsViews.sol') write(name, c.abi, c.evm.bytecode.object);
      if (resourcesDir && RUNTIME_ARTIFACTS.includes(name)) writeRuntime(name, c.evm.deployedBytecode);
    }
  }
  console.log(`solc ${solc.version()}: compiled ${sources.join(', ')}`);
  if (relaxed.size > 0) console.log(`pinned pragma read as ^ (0.8.30 compiles them): ${[...relaxed].join(', ')}`);
}
console.log(`contract ABIs and bytecode in ${outDir}`);
