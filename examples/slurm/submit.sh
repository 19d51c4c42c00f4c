#!/usr/bin/env bash
# Submit N shards as a job array and a merge that waits for all of them.
#   examples/slurm/submit.sh 16          # 16 shards of the default run
#   SCENARIO=scenarios/us-withdrawal.toml TRIALS=1000000000 examples/slurm/submit.sh 64
set -euo pipefail
N=${1:?usage: submit.sh N (number of shards)}
here=$(dirname "$0")
array=$(sbatch --parsable --export=ALL --array="1-$N" "$here/shard.sh")
sbatch --export=ALL --dependency="afterok:$array" "$here/merge.sh"
