using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

// A distributed Map's ResultWriter: the child results shaped by WriterConfig (Transformation NONE/COMPACT/FLATTEN,
// OutputType JSON/JSONL) and, with a Resource, written through IMapResultWriter as AWS lays them out in S3.
internal sealed partial class ExecutionRun
{
    private const string TransformationNone = "NONE";
    private const string TransformationCompact = "COMPACT";
    private const string TransformationFlatten = "FLATTEN";

    private static ResultWriterSettings EvaluateResultWriter(ResultWriterProgram writer, JsonValue effective, StateFrame frame)
    {
        var config = writer.WriterConfig;
        var transformation = config["Transformation"].TryGetString(out var t) ? t : writer.Resource is null ? TransformationCompact : TransformationNone;
        var jsonLines = config["OutputType"].TryGetString(out var o) && o == "JSONL";
        if (transformation is not (TransformationNone or TransformationCompact or TransformationFlatten))
        {
            return ResultWriterSettings.Failed(StepOutcome.Failure(StatesErrors.Runtime, "The ResultWriter Transformation must be NONE, COMPACT or FLATTEN, got '" + transformation + "'."));
        }

        if (writer.Resource is null)
        {
            return new ResultWriterSettings(null, string.Empty, string.Empty, transformation, jsonLines, null);
        }

        var parameters = JsonValue.EmptyObject;
        if (writer.Parameters is { } p)
        {
            var r = p(effective, frame);
            if (!r.IsSuccess)
            {
                return ResultWriterSettings.Failed(StepOutcome.Failure(r));
            }

            parameters = r.Value;
        }

        if (!parameters["Bucket"].TryGetString(out var bucket) || bucket.Length == 0)
        {
            return ResultWriterSettings.Failed(StepOutcome.Failure(StatesErrors.ResultWriterFailed, "The ResultWriter parameters must name a Bucket (a non-empty string), got " + parameters.ToJsonString() + "."));
        }

        var prefix = string.Empty;
        var prefixValue = parameters["Prefix"];
        if (!prefixValue.IsUndefined && !prefixValue.IsNull && !prefixValue.TryGetString(out prefix!))
        {
            return ResultWriterSettings.Failed(StepOutcome.Failure(StatesErrors.ResultWriterFailed, "The ResultWriter Prefix must be a string, got " + prefixValue.ToJsonString() + "."));
        }

        return new ResultWriterSettings(writer.Resource, bucket, prefix ?? string.Empty, transformation, jsonLines, null);
    }

    /// <summary>
    /// Shapes the children's results; with a Resource writes SUCCEEDED_0/FAILED_0/PENDING_0 (those with entries) and
    /// manifest.json and returns <c>{MapRunArn, ResultWriterDetails: {Bucket, Key}}</c>, else returns the shaped array.
    /// </summary>
    private async ValueTask<StepOutcome> WriteResultsAsync(ResultWriterSettings settings, MapRunControl control, MapRunExecution?[] children, Func<int, JsonValue> pendingInput, CancellationToken cancellationToken)
    {
        var succeeded = new List<JsonValue>();
        var failed = new List<JsonValue>();
        var pending = new List<JsonValue>();
        var shaped = new List<JsonValue>();
        long writtenChildren = 0;
        long writtenItems = 0;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is not { } child)
            {
                pending.Add(JsonValue.CreateObject(
                    new("Input", pendingInput(i).ToJsonString()),
                    new("InputDetails", JsonMembers.Single("Included", true)),
                    new("Status", "PENDING")));
                continue;
            }

            var (status, _, output, _, _) = child.Snapshot;
            var target = status == ExecutionStatus.Succeeded ? succeeded : failed;
            writtenChildren++;
            writtenItems += child.ItemCount;
            if (status != ExecutionStatus.Succeeded || settings.Transformation == TransformationNone)
            {
                var entry = ResultEntry(child);
                target.Add(entry);
                shaped.Add(entry);
            }
            else if (settings.Transformation == TransformationFlatten && output.TryGetArray(out var array))
            {
                foreach (var element in array.AsSpan())
                {
                    target.Add(element);
                    shaped.Add(element);
                }
            }
            else
            {
                target.Add(output);
                shaped.Add(output);
            }
        }

        if (settings.Resource is not { } resource)
        {
            return StepOutcome.Success(JsonValue.CreateArray(shaped.ToArray()), -1);
        }

        var mapRunId = control.MapRunArn[(control.MapRunArn.LastIndexOf(':') + 1)..];
        var folder = settings.Prefix.Length == 0 ? mapRunId + "/" : settings.Prefix.TrimEnd('/') + "/" + mapRunId + "/";
        var manifestKey = folder + "manifest.json";
        try
        {
            var files = new JsonObjectBuilder(3);
            foreach (var (name, entries) in new[] { ("FAILED", failed), ("PENDING", pending), ("SUCCEEDED", succeeded) })
            {
                var listed = new List<JsonValue>();
                if (entries.Count > 0)
                {
                    var key = folder + name + "_0.json";
                    var content = Serialize(entries, settings.JsonLines);
                    if (!await WriteInTimeAsync(new MapResultObject(resource, settings.Bucket, key, content, control.MapRunArn), cancellationToken).ConfigureAwait(false))
                    {
                        return ExecutionTimedOut();
                    }

                    listed.Add(JsonValue.CreateObject(new("Key", key), new("Size", Encoding.UTF8.GetByteCount(content))));
                }

                files.Set(name, JsonValue.CreateArray(listed.ToArray()));
            }

            var manifest = JsonValue.CreateObject(
                new("DestinationBucket", settings.Bucket),
                new("MapRunArn", control.MapRunArn),
                new("ResultFiles", files.ToObject()));
            if (!await WriteInTimeAsync(new MapResultObject(resource, settings.Bucket, manifestKey, manifest.ToJsonString(), control.MapRunArn), cancellationToken).ConfigureAwait(false))
            {
                return ExecutionTimedOut();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskFailedException e)
        {
            return StepOutcome.Failure(StatesErrors.ResultWriterFailed, e.ErrorCause ?? e.Error);
        }
#pragma warning disable CA1031 // whatever the sink throws fails the Map state with States.ResultWriterFailed
        catch (Exception e)
#pragma warning restore CA1031
        {
            return StepOutcome.Failure(StatesErrors.ResultWriterFailed, e.Message);
        }

        control.ResultsWritten(writtenChildren, writtenItems);
        return StepOutcome.Success(
            JsonValue.CreateObject(
                new("MapRunArn", control.MapRunArn),
                new("ResultWriterDetails", JsonValue.CreateObject(new("Bucket", settings.Bucket), new("Key", manifestKey)))),
            -1);
    }

    /// <summary>A child's result with its metadata (Transformation NONE, and every failed child).</summary>
    private static JsonValue ResultEntry(MapRunExecution child)
    {
        var (status, stopDate, output, error, cause) = child.Snapshot;
        var builder = new JsonObjectBuilder(14)
            .Set("ExecutionArn", child.ExecutionArn)
            .Set("Input", child.Input.ToJsonString())
            .Set("InputDetails", JsonMembers.Single("Included", true))
            .Set("Name", child.Name);
        if (status == ExecutionStatus.Succeeded)
        {
            builder.Set("Output", output.ToJsonString()).Set("OutputDetails", JsonMembers.Single("Included", true));
        }
        else
        {
            if (error is not null)
            {
                builder.Set("Error", error);
            }

            if (cause is not null)
            {
                builder.Set("Cause", cause);
            }
        }

        builder.Set("RedriveCount", 0);
        if (status == ExecutionStatus.Succeeded)
        {
            builder.Set("RedriveStatus", "NOT_REDRIVABLE").Set("RedriveStatusReason", "Execution is SUCCEEDED and cannot be redriven");
        }
        else
        {
            builder.Set("RedriveStatus", "REDRIVABLE_BY_MAP_RUN");
        }

        builder.Set("StartDate", StateFrame.FormatTime(child.StartDate))
            .Set("StateMachineArn", child.StateMachineArn)
            .Set("Status", ExecutionResult.ToName(status));
        if (stopDate is { } stopped)
        {
            builder.Set("StopDate", StateFrame.FormatTime(stopped));
        }

        return builder.ToObject();
    }

    private static string Serialize(List<JsonValue> entries, bool jsonLines)
    {
        if (!jsonLines)
        {
            return JsonValue.CreateArray(entries.ToArray()).ToJsonString();
        }

        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(entry.ToJsonString()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes one object through the ResultWriter; false when the execution timed out first (see <see cref="InTimeAsync"/>).</summary>
    private async ValueTask<bool> WriteInTimeAsync(MapResultObject result, CancellationToken cancellationToken)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = _kernel.Options.ResultWriter.WriteAsync(result, call.Token);
        if (writing.IsCompleted)
        {
            await writing.ConfigureAwait(false);
            return true;
        }

        var pending = writing.AsTask();
        if (!await InTimeAsync(pending, call, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await pending.ConfigureAwait(false);
        return true;
    }

    /// <summary>A ResultWriter's evaluated settings, or the failure that evaluating them met.</summary>
    private sealed record ResultWriterSettings(string? Resource, string Bucket, string Prefix, string Transformation, bool JsonLines, StepOutcome? Failure)
    {
        public static ResultWriterSettings Failed(StepOutcome failure) => new(null, string.Empty, string.Empty, TransformationNone, false, failure);
    }
}
