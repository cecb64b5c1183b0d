/**
 * PNG pictures of a fit, drawn headless: the training curves (loss and accuracy, training and
 * validation, from a {@code History}), the confusion matrix as a heat map, and a grid of images
 * with their predicted and true labels, the wrong ones marked in red. {@link dev.nn.plot.Plots}
 * writes them; the rest of the package builds the charts and the grid.
 *
 * <p>May use: nn-layers (and so nn-core) and XChart.
 */
package dev.nn.plot;
