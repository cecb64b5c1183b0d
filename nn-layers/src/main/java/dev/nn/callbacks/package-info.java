/**
 * Callbacks for {@link dev.nn.Network#fit}: {@link dev.nn.callbacks.EarlyStopping} (with the best
 * weights restored), {@link dev.nn.callbacks.Checkpoints} (every epoch or the best only),
 * {@link dev.nn.callbacks.CsvLog} (one row of figures per epoch), and the learning-rate schedules
 * of {@link dev.nn.callbacks.LearningRateSchedule} and {@link dev.nn.callbacks.ReduceOnPlateau}.
 *
 * <p>May use: {@link dev.nn} (the {@code Callback} interface and what it is given), FastCSV and
 * nn-core. Nothing else in nn-layers depends on this package.
 */
package dev.nn.callbacks;
