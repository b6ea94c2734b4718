#!/usr/bin/env bash
# Installs the Debian packages RetailVision needs on a fresh machine; does nothing for packages already present.
#   opencv-doc                      the demo and test video (examples/data/vtest.avi, PETS09-S2L1)
#   libgtk-3-0 libdrm2 libatomic1   OpenCvSharp's native library links against them even without a window
#   ffmpeg                          decodes network streams (rtsp://, http://), and HD files faster than OpenCV's bundled FFmpeg
#   gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base gstreamer1.0-plugins-good python3-gi
#                                   the local RTSP camera the capture tests start (a GStreamer rtsp-server script)
#   mosquitto                       the external broker the delivery fault tests run against (deploy/mosquitto)
#   postgresql                      the aggregator's chain backend; the storage tests start a private cluster of it
#   fonts-dejavu-core               the heatmap PNG's captions (SkiaSharp reads fonts from /usr/share/fonts)
set -euo pipefail

packages=(opencv-doc libgtk-3-0 libdrm2 libatomic1 ffmpeg gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base gstreamer1.0-plugins-good python3-gi mosquitto postgresql fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' is not on PATH; install the .NET SDK 10 and Node.js 20 first" >&2; exit 1; }
done
