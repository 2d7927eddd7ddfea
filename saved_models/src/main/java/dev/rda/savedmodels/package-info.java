/**
 * SavedModel export of trained networks: a classifier signature (uint8 images in, logits and
 * probabilities out, preprocessing inside) and a features signature (the backbone's feature maps
 * and penultimate features), variables restored from a run's checkpoint, BN in inference mode.
 */
package dev.rda.savedmodels;
