/**
 * Data for training and evaluation: {@link dev.nn.data.DataSet} and its mini-batches, the IDX
 * reader {@link dev.nn.data.Idx}, {@link dev.nn.data.Mnist}, and {@link dev.nn.data.OneHot}
 * encoding of class labels.
 *
 * <p>May use: nn-core only.
 */
package dev.nn.data;
