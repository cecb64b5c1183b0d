package dev.nn.plot;

import dev.nn.core.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * The picture of {@link Plots#predictions}: the images in rows of {@link #COLUMNS}, each scaled up
 * and labelled "predicted / true" beneath, the wrong ones framed and labelled in red. Drawn with
 * Java2D, as XChart draws charts and not images.
 */
final class PredictionGrid {
    static final int COLUMNS = 5;
    /** Each pixel becomes a SCALE × SCALE square, so that a 28 × 28 digit is large enough to read. */
    static final int SCALE = 3;
    static final int PADDING = 8;
    static final int FRAME = 3;
    static final Color WRONG = new Color(0xD62728);
    private static final Color RIGHT = new Color(0x202020);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final String TITLE = "predicted / true (wrong in red)";

    private PredictionGrid() {
    }

    static BufferedImage draw(Tensor images, int[] predicted, int[] actual, List<String> names) {
        int[] shape = images.shape();
        if (shape.length != 4 || shape[0] < 1 || shape[1] != 1) {
            throw new IllegalArgumentException("images must be [N, 1, height, width] grayscale with N at least 1, got "
                    + Arrays.toString(shape));
        }
        int n = shape[0], h = shape[2], w = shape[3];
        if (predicted.length != n || actual.length != n) {
            throw new IllegalArgumentException(n + " images but " + predicted.length + " predicted and " + actual.length
                    + " true classes");
        }
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = name(predicted[i], names) + " / " + name(actual[i], names);
        }

        // Measure the text first: a tile is as wide as its image or its longest label, whichever is more.
        FontMetrics label = metrics(LABEL_FONT), title = metrics(TITLE_FONT);
        int labelWidth = Arrays.stream(labels).mapToInt(label::stringWidth).max().orElse(0);
        int tileWidth = Math.max(w * SCALE, labelWidth) + 2 * (FRAME + PADDING);
        int tileHeight = h * SCALE + 2 * FRAME + label.getHeight() + 2 * PADDING;
        int columns = Math.min(COLUMNS, n), rows = (n + COLUMNS - 1) / COLUMNS;
        int top = title.getHeight() + 2 * PADDING;
        int width = Math.max(columns * tileWidth, title.stringWidth(TITLE) + 2 * PADDING);

        BufferedImage grid = new BufferedImage(width, top + rows * tileHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            g.setColor(RIGHT);
            g.setFont(TITLE_FONT);
            g.drawString(TITLE, PADDING, PADDING + title.getAscent());
            g.setFont(LABEL_FONT);
            float[] pixels = images.data();
            for (int i = 0; i < n; i++) {
                boolean wrong = predicted[i] < 0 || predicted[i] != actual[i];
                int x = (i % COLUMNS) * tileWidth, y = top + (i / COLUMNS) * tileHeight;
                int imageX = x + (tileWidth - w * SCALE) / 2, imageY = y + PADDING + FRAME;
                if (wrong) {
                    g.setColor(WRONG);
                    g.setStroke(new BasicStroke(FRAME));
                    // The stroke is centred on the rectangle's edge: inset by half of it to frame the image.
                    g.drawRect(imageX - (FRAME + 1) / 2, imageY - (FRAME + 1) / 2, w * SCALE + FRAME, h * SCALE + FRAME);
                }
                drawImage(g, pixels, i * h * w, h, w, imageX, imageY);
                g.setColor(wrong ? WRONG : RIGHT);
                g.drawString(labels[i], x + (tileWidth - label.stringWidth(labels[i])) / 2,
                        imageY + h * SCALE + FRAME + PADDING + label.getAscent());
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /** One image, 0 black to 1 white, each pixel a SCALE × SCALE square. */
    private static void drawImage(Graphics2D g, float[] pixels, int base, int h, int w, int x, int y) {
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int v = Math.round(Math.clamp(pixels[base + r * w + c], 0f, 1f) * 255f);
                g.setColor(new Color(v, v, v));
                g.fillRect(x + c * SCALE, y + r * SCALE, SCALE, SCALE);
            }
        }
    }

    private static String name(int c, List<String> names) {
        if (c < 0) {
            return "?";
        }
        if (names == null) {
            return Integer.toString(c);
        }
        if (c >= names.size()) {
            throw new IllegalArgumentException("class " + c + " has no name: " + names.size() + " names given");
        }
        return names.get(c);
    }

    private static FontMetrics metrics(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }
}
