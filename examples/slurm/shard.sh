#!/usr/bin/env bash
# One shard of a negsim run, as one task of a Slurm job array.
#
#   sbatch --array=1-16 examples/slurm/shard.sh      # 16 shards
#   (then examples/slurm/merge.sh, or use submit.sh for both)
#
# Settings come from the environment (sbatch --export=ALL,SCENARIO=...):
#   SCENARIO  scenario file          (default: scenarios/baseline.toml)
#   TRIALS    trials of the whole run (default: 100000000)
#   SEED      seed of the whole run   (default: 20250613)
#   PARTS     directory for the part files (default: parts)
#   NEGSIM    the negsim binary       (default: negsim on PATH)
# Every task must see the same SCENARIO, TRIALS and SEED; negsim merge
# refuses parts that differ.
#
#SBATCH --job-name=negsim-shard
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=negsim-shard-%A_%a.log
set -euo pipefail

: "${SLURM_ARRAY_TASK_ID:?run this as a job array task: sbatch --array=1-N shard.sh}"
: "${SLURM_ARRAY_TASK_COUNT:?run this as a job array task: sbatch --array=1-N shard.sh}"
SCENARIO=${SCENARIO:-scenarios/baseline.toml}
TRIALS=${TRIALS:-100000000}
SEED=${SEED:-20250613}
PARTS=${PARTS:-parts}
NEGSIM=${NEGSIM:-negsim}

mkdir -p "$PARTS"
# Array indices must run 1..N: shard K of N is task K.
"$NEGSIM" run "$SCENARIO" \
    --trials "$TRIALS" --seed "$SEED" \
    --threads "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
    --output "$PARTS/part-$SLURM_ARRAY_TASK_ID-of-$SLURM_ARRAY_TASK_COUNT.json"
