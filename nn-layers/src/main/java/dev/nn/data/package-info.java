/**
 * Data for training and evaluation: {@link dev.nn.data.DataSet} and its mini-batches, the IDX
 * reader {@link dev.nn.data.Idx}, {@link dev.nn.data.Mnist}, {@link dev.nn.data.OneHot}
 * encoding of class labels, tables read from CSV files by {@link dev.nn.data.Csv} with their
 * {@link dev.nn.data.ClassLabels}, seeded (and stratified) training, validation and test
 * {@link dev.nn.data.Split}s, and feature {@link dev.nn.data.Scaler}s.
 *
 * <p>May use: nn-core and FastCSV.
 */
package dev.nn.data;
