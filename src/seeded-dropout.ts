/**
 * Dropout whose masks come from a seeded stream: a new mask every training call, the same
 * sequence of masks for the same seed (tfjs's own Dropout either reuses ONE mask when seeded,
 * or draws from Math.random when not — neither suits a reproducible lab).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, describeValue } from "./errors";

/** Arguments of {@link SeededDropout}. */
export interface SeededDropoutArgs {
  /** Fraction of units dropped while training, in [0, 1). */
  rate: number;
  /** Seed of the mask stream. Defaults to 0. */
  seed?: number;
  name?: string;
}

/**
 * A dropout layer with reproducible masks; inactive at inference (model.predict / evaluate).
 * @example
 * tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [2] }), new SeededDropout({ rate: 0.5, seed: 1 })] });
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = "DlabSeededDropout";
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) {
      const hint = "rate is the fraction of units dropped, e.g. 0.5.";
      throw new ArgumentError(
        "new dl.SeededDropout",
        "args.rate",
        "a number in [0, 1)",
        describeValue(args.rate),
        hint,
      );
    }
    this.rate = args.rate;
    this.seed = args.seed ?? 0;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs["training"] || this.rate === 0) return tf.clone(x);
    // a new seed per call: mask k of seed s is always the same, masks differ between steps
    const seed = this.seed * 1_000_003 + this.calls++;
    return tf.tidy(() => {
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, "float32", seed), this.rate),
        "float32",
      );
      return tf.div(tf.mul(x, keep), 1 - this.rate);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
