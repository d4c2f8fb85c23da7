using System.CommandLine;
using Cartwheel.Catalog;
using Cartwheel.Cli.Output;
using Cartwheel.Contracts;
using Cartwheel.Ingest;
using Cartwheel.Resilience;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

/// <summary>
/// <c>cartwheel ingest PATH… [--kind K]</c>: ingests files and folders into bronze and prints one row per file.
/// Exit 0 when every file was ingested or skipped (an empty file is skipped), 2 when any file was rejected.
/// </summary>
internal static class IngestCommand
{
    /// <summary>Inputs at least this large get a progress bar (on stderr, when it is a terminal).</summary>
    private const long ProgressBarBytes = 16L * 1024 * 1024;

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Input files or folders (recursive): *.jsonl, *.json, *.csv, optionally .gz.", Arity = ArgumentArity.OneOrMore };
        var kind = new Option<string?>("--kind") { Description = $"The kind of every input ({string.Join(", ", EntityKinds.All.Select(EntityKinds.Name))}); default: from each file name." };
        var command = new Command("ingest", "Ingest input files into bronze Parquet (bad records go to quarantine; files already ingested are skipped).");
        command.Arguments.Add(paths);
        command.Options.Add(kind);
        command.SetGuardedAction((parseResult, cancellationToken) =>
        {
            var kindText = parseResult.GetValue(kind);
            EntityKind? kindValue = null;
            if (kindText is not null)
            {
                kindValue = EntityKinds.TryParse(kindText, out var parsed) ? parsed
                    : throw new CartwheelException(ErrorCodes.UnknownKind, $"Unknown kind '{kindText}'; expected one of {string.Join(", ", EntityKinds.All.Select(EntityKinds.Name))}.");
            }

            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            var catalog = CatalogStore.Open(dataDirectory);
            var inputs = parseResult.GetValue(paths) ?? [];
            var runId = catalog.StartRun("ingest", string.Join(' ', parseResult.Tokens.Select(t => t.Value)));
            IngestReport report;
            try
            {
                report = Run(new BronzeIngestor(dataDirectory, catalog), inputs, kindValue, runId, cancellationToken);
            }
            catch (Exception ex)
            {
                catalog.FinishRun(runId, ex.Message);
                throw;
            }

            catalog.FinishRun(runId, report.Succeeded ? null : $"{report.RejectedFiles} file(s) rejected");
            // A rejected file waits in the dead-letter area until `cartwheel deadletter replay` ingests it again.
            FileIngestDeadLetters.RecordRejected(new DeadLetterStore(catalog, TimeProvider.System), report);
            Print(report, parseResult.GetValue(CommonOptions.Format));
            return Task.FromResult(report.Succeeded ? CommandRunner.Ok : CommandRunner.Failed);
        });
        return command;
    }

    private static IngestReport Run(BronzeIngestor ingestor, string[] inputs, EntityKind? kind, string runId, CancellationToken cancellationToken)
    {
        var totalBytes = inputs.Sum(p => File.Exists(p) ? new FileInfo(p).Length : Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0);
        if (totalBytes < ProgressBarBytes || Console.IsErrorRedirected)
        {
            return ingestor.Ingest(inputs, kind, runId, null, cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .Start(context =>
            {
                var task = context.AddTask("ingest", maxValue: totalBytes);
                var done = 0L;
                var current = (Path: string.Empty, Bytes: 0L, Size: 0L);
                var progress = new Progress<IngestProgress>(p =>
                {
                    if (p.Path != current.Path)
                    {
                        done += current.Size;
                        current = (p.Path, 0, p.FileBytes);
                        task.Description = Markup.Escape(Path.GetFileName(p.Path));
                    }

                    current.Bytes = p.BytesRead;
                    task.Value = done + p.BytesRead;
                });
                var report = ingestor.Ingest(inputs, kind, runId, progress, cancellationToken);
                task.Value = totalBytes;
                return report;
            });
    }

    private static void Print(IngestReport report, OutputFormat format)
    {
        foreach (var removed in report.RemovedOrphans)
        {
            Console.Error.WriteLine($"recovery: removed orphan {removed}");
        }

        var rows = report.Files.Select(f => (IReadOnlyList<object?>)
        [
            f.Path, f.Kind?.Name(), f.Status.ToString().ToLowerInvariant(), f.Received, f.Accepted, f.Quarantined,
            f.Status == IngestFileStatus.Skipped ? 1 : 0, f.Message,
        ]).ToList();
        OutputWriter.Write(new TabularResult(
            $"Ingest: {report.IngestedFiles} ingested, {report.SkippedFiles} skipped, {report.RejectedFiles} rejected",
            ["file", "kind", "status", "received", "accepted", "quarantined", "skipped", "message"], rows), format);
    }
}
