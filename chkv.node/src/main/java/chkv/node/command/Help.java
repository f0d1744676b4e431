package chkv.node.command;

import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.STALE;

import chkv.api.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HELP subcommand of a container, in Redis's layout, listing only what CHKV implements. */
final class Help {
    private Help() {}

    /**
     * @param container the container's lower-case name
     * @param group the documentation group
     * @param lines the help text of the other subcommands, in Redis's wording
     * @param acl the container's own ACL category, if any
     * @return the {@code container|help} subcommand
     */
    static CommandSpec spec(String container, String group, List<String> lines, AclCategory... acl) {
        List<Reply> reply = new ArrayList<>();
        reply.add(new Reply.Simple(container.toUpperCase(Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        lines.forEach(line -> reply.add(new Reply.Simple(line)));
        reply.add(new Reply.Simple("HELP"));
        reply.add(new Reply.Simple("    Prints this help."));
        Reply help = new Reply.Array(List.copyOf(reply));
        return CommandSpec.builder(container + "|help", 2, group).flags(LOADING, STALE).acl(acl)
                .doc("Show helpful text about the different subcommands", "5.0.0", "O(1)")
                .handler(c -> help);
    }
}
