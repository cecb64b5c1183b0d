/**
 * Data for training and evaluation: {@link dev.nn.data.DataSet} and its mini-batches, the IDX
 * reader {@link dev.nn.data.Idx}, {@link dev.nn.data.Mnist}, {@link dev.nn.data.OneHot}
 * encoding of class labels, and tables read from CSV files by {@link dev.nn.data.Csv} with their
 * {@link dev.nn.data.ClassLabels}.
 *
 * <p>May use: nn-core and FastCSV.
 */
package dev.nn.data;
