package chkv.node.boot;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chkv} command line: one subcommand per role. Exit codes are picocli's: 0 on
 * success, 2 for a usage error, 1 when start-up fails.
 */
@Command(name = "chkv", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "CHKV: a distributed in-memory key-value store that speaks Redis.",
        subcommands = {NameNodeCommand.class, DataNodeCommand.class, ProxyCommand.class, StatusCommand.class,
                LeaveCommand.class,
                LocalClusterCommand.class,
                CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                    return 1;
                });
    }

    /**
     * {@code --plugins DIR}, before the role: loads the module jars in DIR, whose providers the
     * role then finds by name like the image's own.
     */
    @CommandLine.Option(names = "--plugins", paramLabel = "DIR",
            description = "Load the store, hash function, transport and failure detector plug-ins "
                    + "in DIR's module jars; give it before the command.")
    void plugins(java.nio.file.Path dir) {
        try {
            Providers.plugins(dir);
        } catch (chkv.api.ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
