package dev.rda.cli;

import dev.rda.core.BadInputException;
import dev.rda.training.TaskLostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
      StudyCommand.class,
      SweepCommand.class,
      AnalyzeCommand.class,
      ReportCommand.class,
      ExportCommand.class,
      EvaluateCommand.class,
      DetectCommand.class,
      CheckCommand.class,
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
    // A usage error: the one line picocli knows and where to read more, not the whole usage.
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr()
              .println(
                  "rda: "
                      + firstLine(e.getMessage())
                      + " (see '"
                      + cmd.getCommandSpec().qualifiedName()
                      + " --help')");
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof BadInputException || e instanceof BadInputException) {
            cmd.getErr().println("rda: " + e.getMessage());
            return BAD_INPUT;
          }
          if (e instanceof TaskLostException) {
            cmd.getErr().println("rda: " + e.getMessage());
            return 1;
          }
          FileSystemException file = fileProblem(e);
          if (file != null) {
            cmd.getErr().println("rda: " + describe(file));
            return BAD_INPUT;
          }
          throw e;
        });
    return cli;
  }

  /**
   * The file-system error behind {@code e}, if any: a path the user named that cannot be created,
   * written or read (a permission, a missing parent, a file where a folder should be).
   */
  private static FileSystemException fileProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FileSystemException f) {
        return f;
      }
    }
    return null;
  }

  /** "PATH: reason" in plain words. */
  private static String describe(FileSystemException e) {
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      reason = "no such file or directory";
    } else if (e instanceof NotDirectoryException) {
      reason = "a part of the path is not a directory";
    } else if (e instanceof FileAlreadyExistsException) {
      reason = "exists and is not a folder";
    } else if (e.getReason() != null) {
      reason = e.getReason().toLowerCase(java.util.Locale.ROOT);
    } else {
      reason = "cannot be written";
    }
    String what = e.getOtherFile() != null ? e.getFile() + " -> " + e.getOtherFile() : e.getFile();
    return what + ": " + reason;
  }

  private static String firstLine(String message) {
    return message == null ? "bad usage" : message.lines().findFirst().orElse(message).strip();
  }
}
