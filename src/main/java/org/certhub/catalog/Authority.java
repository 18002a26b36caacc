package org.certhub.catalog;

/** A defining or issuing authority, named with its unified social credit code. */
public record Authority(String name, String creditCode, String level) {}
