using System.CommandLine;
using Cartwheel.Cli;
using Cartwheel.Cli.Commands;

var root = new RootCommand("Cartwheel: an e-commerce analytics pipeline (ingest → bronze → silver → gold → query).");
root.Options.Add(CommonOptions.DataDir);
root.Options.Add(CommonOptions.Format);
// Commands, one file each under Commands/.
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(RebuildCommand.Create());
root.Subcommands.Add(QueryCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(DagCommand.Create());
root.Subcommands.Add(BackfillCommand.Create());
root.Subcommands.Add(GoldCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(DqCommand.Create());
root.Subcommands.Add(DeadLetterCommand.Create());
root.Subcommands.Add(BenchCommand.Create());

return await root.Parse(args).InvokeAsync();
