package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandDocsTest extends CommandFixture {

    /** COMMAND INFO GET as Redis 7.0.15 sends it. */
    private static final String REDIS_GET_INFO = "*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n"
            + ":1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n"
            + "+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n"
            + "$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
            + "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

    @Test
    void info_getIsByteIdenticalToRedis() {
        assertRun("*2\r\n$-1\r\n" + REDIS_GET_INFO, "command", "info", "nosuch", "get");
    }

    @Test
    void info_resp3SetWithKeySpecNotesIsByteIdenticalToRedis() {
        session.protocol(3);
        assertRun("*1\r\n*10\r\n$3\r\nset\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n~3\r\n"
                + "+@write\r\n+@string\r\n+@slow\r\n~0\r\n~1\r\n%4\r\n$5\r\nnotes\r\n$48\r\n"
                + "RW and ACCESS due to the optional `GET` argument\r\n$5\r\nflags\r\n~4\r\n+RW\r\n+access\r\n"
                + "+update\r\n+variable_flags\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n"
                + "$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n"
                + "$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n"
                + "$5\r\nlimit\r\n:0\r\n~0\r\n", "command", "info", "set");
        assertRun("*1\r\n*10\r\n$11\r\nclient|list\r\n:-2\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n"
                + "+stale\r\n:0\r\n:0\r\n:0\r\n~4\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n+@connection\r\n"
                + "~1\r\n$23\r\nnondeterministic_output\r\n~0\r\n~0\r\n", "command", "info", "client|list");
    }

    @Test
    void info_commandsWithSeveralKeySpecs_listEachAsRedis() {
        // RENAME reads and deletes its first key and overwrites its second: two specifications
        assertThat(run("command", "info", "rename")).contains("*2\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n"
                + "+delete\r\n").contains("$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n"
                + "*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n");
        // BITOP's sources run from the argument after the target to the end
        assertThat(run("command", "info", "bitop")).contains("*2\r\n$5\r\nindex\r\n:3\r\n$9\r\nfind_keys\r\n"
                + "*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n");
    }

    @Test
    void info_helpSubcommandsAsRedis() {
        assertRun("*1\r\n*10\r\n$11\r\nconfig|help\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
                + "*1\r\n+@slow\r\n*0\r\n*0\r\n*0\r\n", "command", "info", "config|help");
        assertThat(run("command", "info", "command|help")).contains("*2\r\n+@slow\r\n+@connection\r\n");
        assertThat(run("command", "help")).startsWith("*19\r\n+COMMAND <subcommand>");
    }

    @Test
    void info_containerListsSubcommandsAsAnArray() {
        session.protocol(3);
        assertThat(run("command", "info", "config")).contains("~0\r\n~0\r\n*5\r\n*10\r\n$10\r\nconfig|get\r\n");
    }

    @Test
    void info_categoriesAndFlagsAsRedisDerivesThem() {
        assertThat(run("command", "info", "del")).contains("*1\r\n+write\r\n:1\r\n:-1\r\n:1\r\n"
                + "*3\r\n+@keyspace\r\n+@write\r\n+@slow\r\n");
        assertThat(run("command", "info", "client|list")).contains("*4\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n"
                + "+@connection\r\n");
        assertThat(run("command", "info", "mset")).contains(bulk("lastkey") + ":-1\r\n" + bulk("keystep") + ":2\r\n");
    }

    @Test
    void count_andBareCommand() {
        String count = run("command", "count");
        int n = Integer.parseInt(count.substring(1, count.length() - 2));
        assertThat(n).isEqualTo(CommandTable.standard().commands().size()).isGreaterThan(50);
        assertThat(run("command")).startsWith("*" + n + "\r\n");
        assertRun(err("ERR wrong number of arguments for 'command|count' command"), "command", "count", "x");
    }

    @Test
    void docs_summarySinceGroupComplexity() {
        assertRun("*2\r\n" + bulk("get") + "*8\r\n" + bulk("summary") + bulk("Get the value of a key")
                + bulk("since") + bulk("1.0.0") + bulk("group") + bulk("string") + bulk("complexity")
                + bulk("O(1)"), "command", "docs", "get");
        assertRun("*0\r\n", "command", "docs", "nosuch");
        session.protocol(3);
        assertThat(run("command", "docs", "client")).startsWith("%1\r\n" + bulk("client") + "%5\r\n")
                .contains(bulk("subcommands") + "%9\r\n" + bulk("client|id"));
    }

    @Test
    void list_includesSubcommands() {
        assertThat(run("command", "list")).contains(bulk("get")).contains(bulk("client|setname"));
        assertRun(err("ERR syntax error"), "command", "list", "filterby", "x");
    }

    @Test
    void keyPositions_forRouting() {
        CommandTable table = CommandTable.standard();
        assertThat(table.lookupFull("mset").keyPositions(7)).containsExactly(1, 3, 5);
        assertThat(table.lookupFull("del").keyPositions(4)).containsExactly(1, 2, 3);
        assertThat(table.lookupFull("get").keyPositions(2)).containsExactly(1);
        assertThat(table.lookupFull("ping").keyPositions(1)).isEmpty();
        assertThat(table.lookupFull("client|list")).isNotNull();
        assertThat(table.lookupFull("client|nosuch")).isNull();
    }

    @Test
    void getKeys_fromTheKeySpec() {
        assertRun(array(bulk("a"), bulk("c")), "command", "getkeys", "mset", "a", "b", "c", "d");
        assertRun(array(bulk("k")), "command", "getkeys", "set", "k", "v");
        assertRun(err("ERR Invalid command specified"), "command", "getkeys", "foo", "a");
        assertRun(err("ERR Invalid number of arguments specified for command"), "command", "getkeys", "set", "a");
        assertRun(err("ERR The command has no key arguments"), "command", "getkeys", "echo", "a");
    }
}
