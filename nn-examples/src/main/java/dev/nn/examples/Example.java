package dev.nn.examples;

/** A runnable example with its default options. */
interface Example {
    Options defaults();

    void run(Options options) throws Exception;
}
