package dev.rda.cli;

import dev.rda.data.DataException;
import dev.rda.training.ConfigException;
import dev.rda.training.TaskLostException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rda} command: refined data augmentation on TensorFlow Java. */
@Command(
    name = "rda",
    mixinStandardHelpOptions = true,
    version = "rda 0.1.0 (TensorFlow Java 1.1.0)",
    description = "Train image classifiers with intensive augmentation, then refine them.",
    subcommands = {
      TrainCommand.class,
      PresetsCommand.class,
      ModelsCommand.class,
      AugmentCommand.class,
      BenchCommand.class,
      DataCommand.class,
      SweepCommand.class,
      AnalyzeCommand.class,
      ReportCommand.class,
      ExportCommand.class,
      EvaluateCommand.class,
      DetectCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Rda {

  /** Exit code for bad input: a config, flag or data file that cannot be used. */
  public static final int BAD_INPUT = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Rda());
    cli.setOverwrittenOptionsAllowed(true); // the last of a repeated flag wins
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ConfigException || e instanceof DataException) {
            cmd.getErr().println("rda: " + e.getMessage());
            return BAD_INPUT;
          }
          if (e instanceof TaskLostException) {
            cmd.getErr().println("rda: " + e.getMessage());
            return 1;
          }
          throw e;
        });
    return cli;
  }
}
