/**
 * Runnable programs: {@link dev.nn.spark.example.SparkMnist} trains the reference MLP on Spark,
 * {@link dev.nn.spark.example.SparkBench} compares it with one process.
 */
package dev.nn.spark.example;
