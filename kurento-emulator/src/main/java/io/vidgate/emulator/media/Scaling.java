package io.vidgate.emulator.media;

/**
 * Picture copies in Java: nearest-neighbour scaling, for the rare frame that reaches a sink in
 * another size than it asked for (senders scale natively, see {@link VideoSink#sizeFor}), and
 * pasting a tile into a Composite's canvas.
 */
final class Scaling {

  private Scaling() {}

  static I420Frame scale(I420Frame in, int width, int height) {
    byte[] out = new byte[I420Frame.size(width, height)];
    scalePlane(in.data(), 0, in.width(), in.height(), out, 0, width, height);
    int inCw = I420Frame.chroma(in.width());
    int inCh = I420Frame.chroma(in.height());
    int outCw = I420Frame.chroma(width);
    int outCh = I420Frame.chroma(height);
    int outU = width * height;
    int outV = outU + outCw * outCh;
    scalePlane(in.data(), in.uOffset(), inCw, inCh, out, outU, outCw, outCh);
    scalePlane(in.data(), in.vOffset(), inCw, inCh, out, outV, outCw, outCh);
    return new I420Frame(width, height, out, in.frameRate());
  }

  private static void scalePlane(byte[] in, int inOffset, int inW, int inH, byte[] out,
      int outOffset, int outW, int outH) {
    for (int y = 0; y < outH; y++) {
      int row = inOffset + (int) ((long) y * inH / outH) * inW;
      int target = outOffset + y * outW;
      for (int x = 0; x < outW; x++) {
        out[target + x] = in[row + (int) ((long) x * inW / outW)];
      }
    }
  }

  /** Copies {@code tile} into {@code canvas} with its top-left corner at (left, top), both even. */
  static void paste(I420Frame tile, byte[] canvas, int canvasWidth, int canvasHeight, int left,
      int top) {
    int w = Math.min(tile.width(), canvasWidth - left);
    int h = Math.min(tile.height(), canvasHeight - top);
    if (w <= 0 || h <= 0) {
      return;
    }
    byte[] in = tile.data();
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, y * tile.width(), canvas, (top + y) * canvasWidth + left, w);
    }
    int cw = I420Frame.chroma(w);
    int ch = I420Frame.chroma(h);
    int tileCw = I420Frame.chroma(tile.width());
    int canvasCw = I420Frame.chroma(canvasWidth);
    int canvasU = canvasWidth * canvasHeight;
    int canvasV = canvasU + canvasCw * I420Frame.chroma(canvasHeight);
    for (int y = 0; y < ch; y++) {
      int to = (top / 2 + y) * canvasCw + left / 2;
      System.arraycopy(in, tile.uOffset() + y * tileCw, canvas, canvasU + to, cw);
      System.arraycopy(in, tile.vOffset() + y * tileCw, canvas, canvasV + to, cw);
    }
  }
}
