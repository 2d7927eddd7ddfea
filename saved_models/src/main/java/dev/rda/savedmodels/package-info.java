/**
 * SavedModel export of trained networks (classifier and backbone-feature signatures) and
 * loading of exported backbones into new graphs. Reads run directories written by training;
 * the export itself is the subject of its own issue and is not implemented yet.
 */
package dev.rda.savedmodels;
