using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

internal sealed partial class ExecutionRun
{
    private async ValueTask<StepOutcome> RunMapAttemptAsync(MapProgram map, JsonValue raw, StateFrame frame, CancellationToken cancellationToken)
    {
        if (!TryStartMap(map, raw, frame, out var effective, out var maxConcurrency, out var stop))
        {
            return stop;
        }

        JsonArrayValue items;
        string? itemSource = "STATE_DATA";
        if (map.ItemReader is { } reader)
        {
            (var read, itemSource) = await ReadItemsAsync(reader, effective, frame, cancellationToken).ConfigureAwait(false);
            if (read.Failed && map.IsDistributed && read.Error == StatesErrors.ItemReaderFailed)
            {
                // AWS reads the items in the Map Run: a reader's failure starts the Map (no items) and fails the run.
                return await RunDistributedAsync(map, raw, effective, JsonArrayValue.Empty, null, maxConcurrency, frame, read, cancellationToken).ConfigureAwait(false);
            }

            if (read.Failed)
            {
                return read;
            }

            items = read.Output.GetArray();
        }
        else if (!TryGetMapItems(map, effective, frame, out items, out stop))
        {
            return stop;
        }

        if (map.IsDistributed)
        {
            return await RunDistributedAsync(map, raw, effective, items, itemSource, maxConcurrency, frame, null, cancellationToken).ConfigureAwait(false);
        }

        if (!RecordsNoEvent(frame))
        {
            Record(frame, "MapStateStarted", "mapStateStartedEventDetails", JsonMembers.Single("length", items.Count));
        }

        var results = new JsonValue[items.Count];

        // Iterations start live only if the state did (see RunParallelAttemptAsync).
        var liveAtStart = frame.Live;
        var failure = await RunChildrenAsync(
            items.Count,
            (i, token) => RunIterationAsync(map, i, items[i], itemSource, effective, frame, frame.Record, liveAtStart, token),
            (i, outcome) => results[i] = outcome.Output,
            maxConcurrency,
            tolerated: 0,
            cancellationToken).ConfigureAwait(false);
        if ((frame.ChildExecution is { } childExecution ? childExecution.History : _history) is { } history)
        {
            frame.LastEventId = history.Count;
        }

        if (failure is { } failed)
        {
            DeferStateFailed(frame, "MapStateFailed");
            return failed;
        }

        // MapStateExited follows the iterations' last event, as MapStateSucceeded does.
        var lastIterationEvent = frame.LastEventId;
        Record(frame, "MapStateSucceeded", null, default);
        frame.LastEventId = lastIterationEvent;
        return FinishAggregate(map, map.ResultSelector, map.ResultPath, raw, JsonArrayValue.FromOwnedArray(results), frame, map.Next);
    }

    private async ValueTask<StepOutcome> RunIterationAsync(MapProgram map, int index, JsonValue item, string? itemSource, JsonValue effective, StateFrame parent, bool record, bool live, CancellationToken cancellationToken)
    {
        var child = StartIteration(map, index, item, itemSource, effective, parent, record, out var input, out var failed, live);
        if (child is null)
        {
            return failed;
        }

        var outcome = await RunNestedGraphAsync(map.Processor, input, child, cancellationToken).ConfigureAwait(false);
        if (record && _history is not null)
        {
            Record(child, outcome.Failed ? "MapIterationFailed" : "MapIterationSucceeded", outcome.Failed ? "mapIterationFailedEventDetails" : "mapIterationSucceededEventDetails", EventDetails.OfIteration(map.Name, index));
        }
        else if (_history is null)
        {
            CountUnrecorded(child);
        }

        if (!outcome.Failed && _replay is { } replay)
        {
            // A finished iteration is durable at once: its last state's exit is no transition, and an iteration whose
            // states were one Task committed nothing until the Map ended, so a crash ran every finished one again.
            await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>A Map's InputPath and MaxConcurrency (shared by the kernel's Map and the compiled synchronous one).</summary>
    private static bool TryStartMap(MapProgram map, JsonValue raw, StateFrame frame, out JsonValue effective, out int maxConcurrency, out StepOutcome failure)
    {
        failure = default;
        effective = raw;
        maxConcurrency = 0;
        if (map.InputPath is { } inputPath)
        {
            var r = inputPath(raw, frame);
            if (!r.IsSuccess)
            {
                failure = StepOutcome.Failure(r);
                return false;
            }

            effective = r.Value;
        }

        if (map.MaxConcurrency is { } maxExpression)
        {
            var r = maxExpression(effective, frame);
            if (!r.IsSuccess)
            {
                failure = StepOutcome.Failure(r);
                return false;
            }

            if (MaxConcurrencyProblem(map.MaxConcurrencyPath, r.Value, out maxConcurrency) is { } problem)
            {
                failure = StepOutcome.Failure(StatesErrors.Runtime, problem);
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What is wrong with a Map's evaluated <c>MaxConcurrency</c>, or the value of its <c>MaxConcurrencyPath</c>
    /// <paramref name="path"/> (null: of the field), or null with the value; shared by executions, TestState and the
    /// JSONata field's range (<see cref="JsonataFieldRange"/>).
    /// </summary>
    internal static string? MaxConcurrencyProblem(string? path, JsonValue value, out int maxConcurrency)
    {
        maxConcurrency = 0;
        if (!TryGetInteger(value, out var mc) || mc > int.MaxValue)
        {
            return path is not null
                ? NotValidFromPath("MaxConcurrencyPath", value, "integer", path)
                : MaxConcurrencyOutOfRange(value);
        }

        if (mc < 0)
        {
            // AWS leaves such an execution running without entering the Map; failing it is the clear outcome.
            return "MaxConcurrency cannot be negative.";
        }

        maxConcurrency = (int)mc;
        return null;
    }

    /// <summary>What is wrong with a Map's evaluated <c>ToleratedFailureCount</c>, or the value of its <c>…Path</c> <paramref name="path"/> (null: of the field), or null with the count.</summary>
    internal static string? ToleratedFailureCountProblem(string? path, JsonValue value, out long count)
    {
        if (!TryGetInteger(value, out count))
        {
            return path is not null
                ? NotValidFromPath("ToleratedFailureCountPath", value, "integer", path)
                : "ToleratedFailureCount must be a non-negative integer, got " + value.ToJsonString() + ".";
        }

        return count < 0 ? "ToleratedFailureCount cannot be negative." : null;
    }

    /// <summary>What is wrong with a Map's evaluated <c>ToleratedFailurePercentage</c>, or the value of its <c>…Path</c> <paramref name="path"/> (null: of the field), or null with the percentage.</summary>
    internal static string? ToleratedFailurePercentageProblem(string? path, JsonValue value, out double percentage)
    {
        if (!TryGetNumber(value, out percentage))
        {
            return path is not null
                ? NotValidFromPath("ToleratedFailurePercentagePath", value, "float", path)
                : "ToleratedFailurePercentage must be a number from 0 to 100, got " + value.ToJsonString() + ".";
        }

        return percentage < 0 || percentage > 100 ? "ToleratedFailurePercentage must be between 0 and 100." : null;
    }

    /// <summary>A Map's items without an ItemReader: <c>Items</c>/<c>ItemsPath</c> (or the effective input), which must be an array.</summary>
    private bool TryGetMapItems(MapProgram map, JsonValue effective, StateFrame frame, out JsonArrayValue items, out StepOutcome failure)
    {
        failure = default;
        var source = effective;
        if (map.Items is { } itemsExpression)
        {
            var r = itemsExpression(effective, frame);
            if (!r.IsSuccess)
            {
                if (r.Error == StatesErrors.QueryEvaluationError)
                {
                    // AWS closes the Map with MapStateFailed after a JSONata Items failure.
                    DeferStateFailed(frame, "MapStateFailed");
                }

                items = JsonArrayValue.Empty;
                failure = StepOutcome.Failure(r);
                return false;
            }

            source = r.Value;
        }

        return TryGetItemArray(source, out items, out failure);
    }

    /// <summary>A Map's items: <paramref name="source"/> when it is an array, else the failure that it is not.</summary>
    internal static bool TryGetItemArray(JsonValue source, out JsonArrayValue items, out StepOutcome failure)
    {
        failure = default;
        if (!source.TryGetArray(out items!))
        {
            items = JsonArrayValue.Empty;
            failure = StepOutcome.Failure(StatesErrors.Runtime, "The Map state's items are not an array: " + source.ToJsonString());
            return false;
        }

        return true;
    }

    /// <summary>The cause for a MaxConcurrency (not from a path) that is not an integer the field takes.</summary>
    internal static string MaxConcurrencyOutOfRange(JsonValue value) =>
        "MaxConcurrency must be an integer from 0 to 2147483647, got " + value.ToJsonString() + ".";

    /// <summary>An inline Map iteration's frame and input (ItemSelector applied); null with <paramref name="failure"/> when the selector fails.</summary>
    private StateFrame? StartIteration(MapProgram map, int index, JsonValue item, string? itemSource, JsonValue effective, StateFrame parent, bool record, out JsonValue input, out StepOutcome failure, bool? live = null)
    {
        var child = IterationFrame(map, index, parent, record, live);
        return TrySelectItem(map, index, item, itemSource, effective, child, out input, out failure) ? child : null;
    }

    /// <summary>A new inline Map iteration's frame, its MapIterationStarted event recorded (before its ItemSelector runs).</summary>
    private StateFrame IterationFrame(MapProgram map, int index, StateFrame parent, bool record, bool? live = null)
    {
        var child = ChildFrame(parent, 'i', index, record, live: live);
        child.InheritState(parent);
        if (record && _history is not null)
        {
            Record(child, "MapIterationStarted", "mapIterationStartedEventDetails", EventDetails.OfIteration(map.Name, index));
        }
        else if (_history is null)
        {
            CountUnrecorded(child);
        }

        return child;
    }

    /// <summary>
    /// A Map item's input for its iteration or child execution: the item itself, or the ItemSelector's result with
    /// <c>$$.Map.Item</c> set to the item while it runs.
    /// </summary>
    internal static bool TrySelectItem(MapProgram map, int index, JsonValue item, string? itemSource, JsonValue effective, StateFrame child, out JsonValue input, out StepOutcome failure)
    {
        failure = default;
        input = item;
        if (map.ItemSelector is not { } selector)
        {
            return true;
        }

        child.SetMapItem(index, item, itemSource);
        var r = selector(effective, child);
        child.SetMapItem(-1, default);
        if (!r.IsSuccess)
        {
            failure = StepOutcome.Failure(r);
            return false;
        }

        input = r.Value;
        return true;
    }

    // $$.Map.Item.Source of items read by an ItemReader, as AWS documents it: the bucket URI for a list of objects
    // (Transformation NONE), the object's URI for a file read with s3:getObject. Items flattened from several
    // objects or read through a manifest come from files the reader does not report, so they have no Source here.
    private static string? ItemSourceOf(ItemReaderProgram reader, JsonValue parameters)
    {
        if (!parameters["Bucket"].TryGetString(out var bucket))
        {
            return null;
        }

        var config = reader.ReaderConfig;
        if (reader.Resource.Contains("listObjectsV2", StringComparison.Ordinal))
        {
            return !config["Transformation"].TryGetString(out var transformation) || transformation == "NONE" ? "S3://" + bucket : null;
        }

        return config["ManifestType"].IsUndefined && parameters["Key"].TryGetString(out var key) ? "S3://" + bucket + "/" + key : null;
    }

    private async ValueTask<(StepOutcome Outcome, string? Source)> ReadItemsAsync(ItemReaderProgram reader, JsonValue effective, StateFrame frame, CancellationToken cancellationToken)
    {
        var parameters = JsonValue.EmptyObject;
        if (reader.Parameters is { } p)
        {
            var r = p(effective, frame);
            if (!r.IsSuccess)
            {
                return (StepOutcome.Failure(r), null);
            }

            parameters = r.Value;
        }

        // AWS checks the reader's settings before it reads the object.
        var max = 0;
        if (reader.MaxItems is { } maxItems)
        {
            var r = maxItems(effective, frame);
            if (!r.IsSuccess)
            {
                return (StepOutcome.Failure(r), null);
            }

            var counted = TryGetCount(r.Value, out var count);
            if ((counted && count < 0) || (r.Value.TryGetDouble(out var number) && number < 0))
            {
                return (StepOutcome.Failure(StatesErrors.ItemReaderFailed, "field MaxItems must be positive"), null);
            }

            if (!counted)
            {
                // Not recorded on AWS (which refuses a negative one as above); a value that is no count fails the same
                // way rather than reading every item.
                return (StepOutcome.Failure(StatesErrors.ItemReaderFailed, "field MaxItems must be an integer, got " + r.Value.ToJsonString() + "."), null);
            }

            max = (int)Math.Min(count, int.MaxValue);
        }

        if (reader.ReaderConfig["CSVHeaders"].TryGetArray(out var headers) && HasDuplicate(headers))
        {
            return (StepOutcome.Failure(StatesErrors.ItemReaderFailed, "CSV headers cannot contain duplicates."), null);
        }

        if (_kernel.Options.ItemReader is not { } read)
        {
            return (StepOutcome.Failure(StatesErrors.ItemReaderFailed, "No item reader is configured for '" + reader.Resource + "'."), null);
        }

        JsonValue items;
        try
        {
            items = await ReadItemsDurablyAsync(frame, read, new ItemReaderRequest(reader.Resource, parameters, reader.ReaderConfig), cancellationToken).ConfigureAwait(false);
            if (items.IsUndefined && _timedOut)
            {
                return (ExecutionTimedOut(), null);
            }
        }
        catch (TaskFailedException e)
        {
            return (StepOutcome.Failure(StatesErrors.ItemReaderFailed, e.ErrorCause ?? e.Error), null);
        }

        if (!items.TryGetArray(out var array))
        {
            // AWS's words for a JSON object that holds no list.
            return (StepOutcome.Failure(StatesErrors.ItemReaderFailed, "Attempting to map over non-iterable node."), null);
        }

        if (max > 0 && max < array.Count)
        {
            array = array.Slice(0, max);
        }

        return (StepOutcome.Success(JsonValue.FromArray(array), -1), ItemSourceOf(reader, parameters));
    }

    /// <summary>
    /// A count an ItemReader's or ItemBatcher's path gives: an integer, or a string that holds one (AWS reads a variable
    /// holding <c>"2"</c> as MaxItemsPath or MaxItemsPerBatchPath as 2, as recorded).
    /// </summary>
    private static bool TryGetCount(JsonValue value, out long count)
    {
        count = 0;
        return value.TryGetInt64(out count)
            || (value.TryGetString(out var text) && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out count));
    }

    private static bool HasDuplicate(JsonArrayValue headers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in headers.AsSpan())
        {
            if (header.TryGetString(out var name) && !seen.Add(name))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<StepOutcome> RunDistributedAsync(MapProgram map, JsonValue raw, JsonValue effective, JsonArrayValue items, string? itemSource, int maxConcurrency, StateFrame frame, StepOutcome? readFailure, CancellationToken cancellationToken)
    {
        // AWS starts the Map (MapStateStarted) before it reads the tolerated failure settings: their errors come after it.
        Record(frame, "MapStateStarted", "mapStateStartedEventDetails", JsonMembers.Single("length", items.Count));
        var toleratedCount = -1L;
        var toleratedPercentage = -1.0;
        if (map.ToleratedFailureCount is { } countExpression)
        {
            var r = countExpression(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (ToleratedFailureCountProblem(map.ToleratedFailureCountPath, r.Value, out toleratedCount) is { } problem)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, problem);
            }
        }

        if (map.ToleratedFailurePercentage is { } percentageExpression)
        {
            var r = percentageExpression(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (ToleratedFailurePercentageProblem(map.ToleratedFailurePercentagePath, r.Value, out toleratedPercentage) is { } problem)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, problem);
            }
        }

        var inputs = new List<JsonValue>(items.Count);
        if (map.ItemBatcher is { } batcher)
        {
            var batched = BuildBatches(batcher, items, effective, frame, inputs);
            if (batched.Failed)
            {
                return batched;
            }
        }

        ResultWriterSettings? writer = null;
        if (map.ResultWriter is { } writerProgram)
        {
            var settings = EvaluateResultWriter(writerProgram, effective, frame);
            if (settings.Failure is { } writerFailure)
            {
                return writerFailure;
            }

            writer = settings;
        }

        var options = _kernel.Options;
        var label = map.Label ?? map.Name;
        var machineName = frame.ChildExecution?.StateMachineName ?? StateMachineName;
        var (mapRunArn, startDate, startGeneration) = MapRunIdentity(frame, machineName, label);
        var (redriveCount, redriveDate, redriven) = MapRunRedrives(frame, startGeneration);
        var total = map.ItemBatcher is null ? items.Count : inputs.Count;
        var control = new MapRunControl(
            mapRunArn,
            frame.ExecutionArn,
            frame.ChildExecution?.StateMachineArn ?? StateMachineArn,
            machineName + "/" + label,
            label,
            map.ChildExecutionType,
            startDate,
            total,
            items.Count,
            maxConcurrency,
            toleratedCount >= 0 ? toleratedCount : null,
            toleratedPercentage >= 0 ? toleratedPercentage : null,
            redriveCount,
            redriveDate)
        {
            Journaled = _replay is not null,
        };
        Record(frame, "MapRunStarted", "mapRunStartedEventDetails", JsonMembers.Single("mapRunArn", mapRunArn));
        if (redriven)
        {
            // One MapRunRedriven per redrive that redrives this Map Run (keyed by the redrive, so each one is recorded once).
            Record(frame, "MapRunRedriven", "mapRunRedrivenEventDetails", JsonValue.CreateObject(new("mapRunArn", mapRunArn), new("redriveCount", redriveCount)), keyType: MapRunRedrivenKey(_replay!.Generation));
        }

        if (_replay is { } journal)
        {
            // The Map Run's ARN and start are durable before anything can see the run.
            await journal.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        options.MapRunMonitor?.Started(control);
        if (readFailure is { } unread)
        {
            Record(frame, "MapRunFailed", "mapRunFailedEventDetails", ErrorDetails(unread.Error, unread.Cause));
            control.Complete(MapRunState.Failed, RecordedTime(frame));
            await FlushMapRunAsync(control).ConfigureAwait(false);
            DeferStateFailed(frame, "MapStateFailed");
            return unread;
        }

        var results = new JsonValue[total];
        var children = new MapRunExecution?[total];
        var liveAtStart = frame.Live;
        StepOutcome? failure;
        try
        {
            failure = await DispatchAsync(
                control,
                i => map.ItemBatcher is null ? 1 : inputs[i]["Items"].GetArray().Count,
                (i, token) => RunChildExecutionAsync(map, control, i, map.ItemBatcher is null ? items[i] : inputs[i], itemSource, effective, frame, liveAtStart, children, token),
                (i, outcome) => results[i] = outcome.Failed ? JsonValue.CreateObject(new("Error", outcome.Error), new("Cause", outcome.Cause)) : outcome.Output,
                cancellationToken,
                i => children[i]?.Status == ExecutionStatus.TimedOut).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Suspended by a shutdown (or a failed commit), the run stays RUNNING (it resumes with the execution).
            if (!Suspending)
            {
                control.Complete(MapRunState.Aborted, _time.GetUtcNow());
                await FlushMapRunAsync(control).ConfigureAwait(false);
            }

            throw;
        }

        JsonValue result = JsonValue.FromArray(JsonArrayValue.FromOwnedArray(results));
        if (writer is { } w)
        {
            var written = await WriteResultsAsync(w, control, children, i => map.ItemBatcher is null ? items[i] : inputs[i], cancellationToken).ConfigureAwait(false);
            if (written.Failed && _timedOut)
            {
                // The execution timed out while the writer ran (it is left behind): the Map Run ends with the execution.
                control.Complete(MapRunState.Aborted, _time.GetUtcNow());
                await FlushMapRunAsync(control).ConfigureAwait(false);
                return written;
            }

            if (written.Failed)
            {
                Record(frame, "MapRunFailed", "mapRunFailedEventDetails", ErrorDetails(written.Error, written.Cause));
                control.Complete(MapRunState.Failed, RecordedTime(frame));
                await FlushMapRunAsync(control).ConfigureAwait(false);
                DeferStateFailed(frame, "MapStateFailed");
                return written;
            }

            result = written.Output;
        }

        if (failure is not null)
        {
            Record(frame, "MapRunFailed", "mapRunFailedEventDetails", ErrorDetails(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded"));
            control.Complete(MapRunState.Failed, RecordedTime(frame));
            await FlushMapRunAsync(control).ConfigureAwait(false);
            DeferStateFailed(frame, "MapStateFailed");
            return StepOutcome.Failure(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded");
        }

        Record(frame, "MapRunSucceeded", null, default);
        control.Complete(MapRunState.Succeeded, RecordedTime(frame));
        await FlushMapRunAsync(control).ConfigureAwait(false);
        // MapStateExited follows the iterations' last event, as MapStateSucceeded does.
        var lastIterationEvent = frame.LastEventId;
        Record(frame, "MapStateSucceeded", null, default);
        frame.LastEventId = lastIterationEvent;
        return FinishAggregate(map, map.ResultSelector, map.ResultPath, raw, result, frame, map.Next);
    }

    /// <summary>
    /// Runs one child of a Map Run as a child workflow execution: its input (ItemSelector over the item, or the batch),
    /// its own ARN, history (<c>ExecutionStarted</c> ... <c>ExecutionSucceeded</c>/<c>Failed</c>/<c>Aborted</c>) and
    /// context object, registered with the Map Run (and its monitor) before its first state runs.
    /// </summary>
    private async ValueTask<StepOutcome> RunChildExecutionAsync(MapProgram map, MapRunControl control, int index, JsonValue item, string? itemSource, JsonValue effective, StateFrame parent, bool live, MapRunExecution?[] children, CancellationToken cancellationToken)
    {
        var batched = map.ItemBatcher is not null;
        var child = ChildFrame(parent, 'i', index, parent.Record, batched ? new VariableScope() : null);
        child.StartLive(live);
        var input = item;
        if (!batched)
        {
            child.InheritState(parent);
            if (!TrySelectItem(map, index, item, itemSource, effective, child, out input, out var failed))
            {
                return failed;
            }

            child.IsolateVariables();
        }

        var options = _kernel.Options;
        var name = NewId(child);
        var prefix = "arn:" + options.Partition + ":states:" + options.Region + ":" + options.AccountId;
        var arn = map.ChildExecutionType == Language.Model.ExecutionType.Express
            ? prefix + ":express:" + control.ChildStateMachineName + ":" + name + ":" + NewId(child)
            : prefix + ":execution:" + control.ChildStateMachineName + ":" + name;
        var history = child.Record && _history is not null ? new ExecutionHistory(_time, options.MaxHistoryEvents) : null;

        // A STANDARD child of a journaled run journals its history with the run's records (keyed by its name), so a
        // resumed child keeps its events, their ids and times, and its start and stop dates.
        var journaled = _replay is not null && history is not null && map.ChildExecutionType == Language.Model.ExecutionType.Standard;
        var committed = journaled ? _replay!.ChildEvents(name) : [];
        var started = committed.Count > 0 ? committed[0].Event.Timestamp : _time.GetUtcNow();
        var (redriveCount, redriveDate, endGeneration, redriveNow) = journaled ? ChildRedrives(committed, child.Concluded) : (0, null, 0, false);
        if (committed.Count > 0)
        {
            var events = new HistoryEvent[committed.Count];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = committed[i].Event;
            }

            history!.Load(events);
        }

        var limit = options.MaxDuration(map.ChildExecutionType == Language.Model.ExecutionType.Express);
        var execution = new MapRunExecution(control, arn, name, map.ChildExecutionType, input, batched ? item["Items"].GetArray().Count : 1, started, history, RoleArn, Later(redriveDate ?? started, limit), ExecutionArn, journaled, redriveCount, redriveDate)
        {
            EndGeneration = endGeneration,
            RealDeadline = map.ChildExecutionType == Language.Model.ExecutionType.Express ? RealDeadlineAfter(limit) : long.MaxValue,
        };
        children[index] = execution;
        control.Add(execution);
        child.BeginChildExecution(execution);
        Record(child, "ExecutionStarted", "executionStartedEventDetails", JsonValue.CreateObject(
            new("input", input.ToJsonString()),
            new("inputDetails", NotTruncated),
            new("roleArn", RoleArn)));
        if (redriveNow)
        {
            // Its last attempt ended unsuccessfully: this redrive redrives it (AWS: ExecutionRedriven after the terminal event).
            var redriveKey = name + " !redriven~" + _replay!.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
            history!.Append(committed[^1].Event.Id, "ExecutionRedriven", "executionRedrivenEventDetails", JsonMembers.Single("redriveCount", redriveCount), terminal: true, new JournalStaging(_replay, redriveKey, JournalStagingKind.ChildEvent));
        }

        if (journaled)
        {
            // Its start (and redrive) is durable before anything can see the child.
            await _replay!.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        options.MapRunMonitor?.ExecutionStarted(execution);

        StepOutcome outcome;
        try
        {
            outcome = await RunGraphAsync(map.Processor, input, child, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (!Suspending)
            {
                await EndChildExecutionAsync(child, execution, ExecutionStatus.Aborted, default, null, null).ConfigureAwait(false);
            }

            throw;
        }

        if (outcome.Failed)
        {
            var status = outcome.Error == StatesErrors.Timeout && (execution.TimedOut || _timedOut) ? ExecutionStatus.TimedOut : ExecutionStatus.Failed;
            await EndChildExecutionAsync(child, execution, status, default, outcome.Error, outcome.Cause).ConfigureAwait(false);
        }
        else if (ExceedsPayload(outcome.Output))
        {
            outcome = StepOutcome.Failure(StatesErrors.DataLimitExceeded, ExecutionResultRefused(outcome.Output));
            await EndChildExecutionAsync(child, execution, ExecutionStatus.Failed, default, outcome.Error, outcome.Cause).ConfigureAwait(false);
        }
        else
        {
            await EndChildExecutionAsync(child, execution, ExecutionStatus.Succeeded, outcome.Output, null, null).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// A Map Run's ARN, start date and the redrive generation that started it. A journaled run records them with the
    /// transition that starts the run and a replay reuses them, so a resumed or redriven execution keeps its Map Run.
    /// </summary>
    private (string Arn, DateTimeOffset StartDate, int Generation) MapRunIdentity(StateFrame frame, string machineName, string label)
    {
        var options = _kernel.Options;

        // Drawn even when the journal has the ARN: the frame's later draws must be the first run's.
        var arn = "arn:" + options.Partition + ":states:" + options.Region + ":" + options.AccountId + ":mapRun:" + machineName + "/" + label + ":" + NewId(frame);
        var now = _time.GetUtcNow();
        if (_replay is not { } replay)
        {
            return (arn, now, 0);
        }

        var key = replay.Key(frame, ":mapRun");
        if (replay.TryGet(JournalReplay.MapRunKind, key, out var recorded))
        {
            var value = JsonValue.Parse(recorded);
            if (value["arn"].TryGetString(out var recordedArn) && value["startDate"].TryGetString(out var start))
            {
                return (recordedArn, JournalReplay.ParseTime(start), value["generation"].TryGetInt32(out var generation) ? generation : 0);
            }
        }

        replay.Stage(JournalReplay.MapRunKind, key, JsonValue.CreateObject(
            new("arn", arn),
            new("startDate", JournalReplay.FormatTime(now)),
            new("generation", replay.Generation)).ToJsonString());
        return (arn, now, replay.Generation);
    }

    /// <summary>
    /// How often the Map Run at <paramref name="frame"/>'s site was redriven, when last, and whether this run redrives it:
    /// a redrive redrives a Map Run that an earlier attempt started and that has not succeeded, unless the recorded run
    /// went on past the Map (its failure was caught or retried).
    /// </summary>
    private (int Count, DateTimeOffset? Date, bool Now) MapRunRedrives(StateFrame frame, int startGeneration)
    {
        if (_replay is not { Generation: > 0 } replay || startGeneration >= replay.Generation || frame.Live || frame.Concluded || frame.RecordedRunWentPast())
        {
            return (0, null, false);
        }

        var count = 0;
        DateTimeOffset? date = null;
        var succeeded = TryGetCommittedEvent(frame, ":MapRunSucceeded", out _);
        for (var generation = 1; generation <= replay.Generation; generation++)
        {
            if (TryGetCommittedEvent(frame, ":" + MapRunRedrivenKey(generation), out var redriven))
            {
                count++;
                date = redriven.Timestamp;
            }
            else if (generation == replay.Generation && !succeeded)
            {
                count++;
                date = _request.RedriveDate ?? _time.GetUtcNow();
                return (count, date, true);
            }

            if (generation < replay.Generation && TryGetCommittedEvent(frame, ":MapRunSucceeded~" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture), out _))
            {
                succeeded = true;
            }
        }

        // Redriven by this generation before a restart: the event is committed and replays.
        return (count, date, count > 0 && TryGetCommittedEvent(frame, ":" + MapRunRedrivenKey(replay.Generation), out _));
    }

    private static string MapRunRedrivenKey(int generation) =>
        "MapRunRedriven~" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A committed event at <paramref name="frame"/>'s site (in the execution's history, or its Map Run child's).</summary>
    private bool TryGetCommittedEvent(StateFrame frame, string suffix, out HistoryEvent committed)
    {
        var replay = _replay!;
        var key = frame.SiteWith(suffix, null);
        return frame.ChildExecution is { } child
            ? replay.TryGetChildEvent(child.Name + " " + key, out committed)
            : replay.TryGetEvent(key, out committed);
    }

    /// <summary>
    /// A journaled child's redrives from its committed events: how many, when last, the generation its terminal event
    /// is keyed with, and whether this run redrives it (its last attempt ended unsuccessfully, and the run did not go on
    /// past its Map: <paramref name="concluded"/>).
    /// </summary>
    private (int Count, DateTimeOffset? Date, int EndGeneration, bool Now) ChildRedrives(IReadOnlyList<(string Key, HistoryEvent Event)> committed, bool concluded)
    {
        var count = 0;
        DateTimeOffset? date = null;
        var endGeneration = 0;
        foreach (var (key, e) in committed)
        {
            var at = key.IndexOf(" !redriven~", StringComparison.Ordinal);
            if (at >= 0 && int.TryParse(key.AsSpan(at + 11), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation))
            {
                count++;
                date = e.Timestamp;
                endGeneration = Math.Max(endGeneration, generation);
            }
        }

        var replay = _replay!;
        if (replay.Generation > 0 && !concluded && endGeneration < replay.Generation && committed.Count > 0
            && committed[^1].Event.Type is "ExecutionFailed" or "ExecutionTimedOut" or "ExecutionAborted")
        {
            return (count + 1, _request.RedriveDate ?? _time.GetUtcNow(), replay.Generation, true);
        }

        return (count, date, endGeneration, false);
    }

    /// <summary>The time of the event the last Record call at <paramref name="frame"/> recorded or replayed (now without history).</summary>
    private DateTimeOffset RecordedTime(StateFrame frame)
    {
        var history = frame.ChildExecution is { } child ? child.History : _history;
        return history?.Find(frame.LastEventId) is { } e && frame.Record ? e.Timestamp : _time.GetUtcNow();
    }

    /// <summary>Waits until the monitor's record of a finished Map Run (and of its children) is durable.</summary>
    private Task FlushMapRunAsync(MapRunControl control) =>
        _kernel.Options.MapRunMonitor is { } monitor ? monitor.FlushAsync(control) : Task.CompletedTask;

    /// <summary>
    /// A UUID for a Map Run or a child execution. A journaled run draws it from the frame's seeded randomness, so a
    /// resumed or redriven execution gets the same Map Run ARN its recorded MapRunStarted event names.
    /// </summary>
    private string NewId(StateFrame frame)
    {
        if (_replay is null)
        {
            return Uuids.New();
        }

        Span<byte> bytes = stackalloc byte[16];
        frame.Random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    /// <summary>
    /// Records a child execution's terminal event (past its history limit, as for an execution) and ends its record. A
    /// journaled child commits the event before its record ends, and a replay reuses the committed one (and its time).
    /// </summary>
    private async ValueTask EndChildExecutionAsync(StateFrame child, MapRunExecution execution, ExecutionStatus status, JsonValue output, string? error, string? cause)
    {
        var stopDate = _time.GetUtcNow();
        if (execution.History is { } history && child.Record)
        {
            var (type, detailsName, details) = status switch
            {
                ExecutionStatus.Succeeded => ("ExecutionSucceeded", "executionSucceededEventDetails", JsonValue.CreateObject(new("output", output.ToJsonString()), new("outputDetails", NotTruncated))),
                ExecutionStatus.TimedOut => ("ExecutionTimedOut", "executionTimedOutEventDetails", ErrorDetails(error, cause)),
                ExecutionStatus.Aborted => ("ExecutionAborted", "executionAbortedEventDetails", JsonValue.EmptyObject),
                _ => ("ExecutionFailed", "executionFailedEventDetails", ErrorDetails(error, cause)),
            };
            if (execution.Journaled && _replay is { } replay)
            {
                var key = execution.Name + " !end" + (execution.EndGeneration > 0 ? "~" + execution.EndGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
                if (replay.TryGetChildEvent(key, out var committed))
                {
                    child.LastEventId = committed.Id;
                    stopDate = committed.Timestamp;
                }
                else
                {
                    var e = history.Append(child.LastEventId, type, detailsName, details, terminal: true, new JournalStaging(replay, key, JournalStagingKind.ChildEvent))!;
                    child.LastEventId = e.Id;
                    stopDate = e.Timestamp;
                }

                await replay.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                child.LastEventId = history.AddTerminal(child.LastEventId, type, detailsName, details);
            }
        }

        execution.Complete(status, output, error, cause, stopDate);
    }

    /// <summary>
    /// Records an event of a Map Run child execution into its own history. A journaled child's events are journaled with
    /// the run's records under the child's name (a committed one is reused); other children's live in memory only.
    /// </summary>
    private void RecordChildEvent(MapRunExecution execution, StateFrame frame, string type, string? detailsName, EventDetails details, bool replayOnly, string? keyType, DateTimeOffset? at)
    {
        if (execution.History is not { } history)
        {
            return;
        }

        if (execution.Journaled && _replay is { } replay)
        {
            var key = execution.Name + " " + replay.EventKey(frame, keyType ?? type);
            if (!RecordReplayed(replay, history, frame, key, childEvent: true, type, detailsName, details, replayOnly, at))
            {
                execution.HistoryExceeded = true;
            }

            return;
        }

        if (replayOnly)
        {
            return;
        }

        var id = history.Add(frame.LastEventId, type, detailsName, details, at);
        if (id < 0)
        {
            // Only a STANDARD child fails at the limit; an EXPRESS one keeps its first events (AWS keeps no history of it).
            execution.HistoryExceeded = execution.Type == Language.Model.ExecutionType.Standard && !history.Closed;
            return;
        }

        frame.LastEventId = id;
    }

    /// <summary>
    /// Runs a Map Run's children under its live settings: as many at once as <see cref="MapRunControl.MaxConcurrency"/>
    /// allows (read again after every completion and every UpdateMapRun), stopping the rest once the failures exceed the
    /// tolerance. Returns the failure that ended it, or null when every child ran.
    /// </summary>
    private static async ValueTask<StepOutcome?> DispatchAsync(
        MapRunControl control,
        Func<int, int> itemsOf,
        Func<int, CancellationToken, ValueTask<StepOutcome>> child,
        Action<int, StepOutcome> completed,
        CancellationToken cancellationToken,
        Func<int, bool>? timedOut = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var done = Channel.CreateUnbounded<(int Index, StepOutcome Outcome, bool Aborted)>(new UnboundedChannelOptions { SingleReader = true });
        var total = control.TotalChildren;
        var next = 0;
        var running = 0;
        StepOutcome? failure = null;

        async Task RunOneAsync(int index)
        {
            try
            {
                var outcome = await child(index, stop.Token).ConfigureAwait(false);
                done.Writer.TryWrite((index, outcome, false));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                done.Writer.TryWrite((index, default, true));
            }
#pragma warning disable CA1031 // a child that crashes fails as a child; the Map Run must still end
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.Writer.TryWrite((index, StepOutcome.Failure(StatesErrors.Runtime, e.Message), false));
            }
        }

        while (true)
        {
            // Taken before the settings are read, so an update that lands in between is not missed.
            var changed = control.SettingsChanged;
            while (failure is null && next < total && (control.MaxConcurrency <= 0 || running < control.MaxConcurrency))
            {
                var index = next++;
                running++;
                control.ChildStarted(itemsOf(index));
                _ = RunOneAsync(index);
            }

            if (running == 0)
            {
                break;
            }

            if (!done.Reader.TryRead(out var finished))
            {
                var ready = done.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
                if (await Task.WhenAny(ready, changed).ConfigureAwait(false) == changed && !ready.IsCompleted)
                {
                    if (failure is null && control.ExceedsTolerance())
                    {
                        failure = StepOutcome.Failure(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded");
                        await stop.CancelAsync().ConfigureAwait(false);
                    }

                    continue;
                }

                if (!done.Reader.TryRead(out finished))
                {
                    continue;
                }
            }

            running--;
            var items = itemsOf(finished.Index);
            if (finished.Aborted)
            {
                control.ChildAborted(items);
                continue;
            }

            completed(finished.Index, finished.Outcome);
            if (finished.Outcome.Failed)
            {
                if (timedOut?.Invoke(finished.Index) == true)
                {
                    control.ChildTimedOut(items);
                }
                else
                {
                    control.ChildFailed(items);
                }

                if (failure is null && control.ExceedsTolerance())
                {
                    failure = finished.Outcome;
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }
            else
            {
                control.ChildSucceeded(items);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return failure;
    }

    internal static StepOutcome BuildBatches(ItemBatcherProgram batcher, JsonArrayValue items, JsonValue effective, StateFrame frame, List<JsonValue> batches)
    {
        var maxItems = int.MaxValue;
        var maxBytes = 256 * 1024;
        JsonValue batchInput = default;
        if (batcher.MaxItemsPerBatch is { } mi)
        {
            var r = mi(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (!TryGetCount(r.Value, out var count) || count < 1 || count > int.MaxValue)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, "MaxItemsPerBatch must be a positive integer.");
            }

            maxItems = (int)count;
        }

        if (batcher.MaxInputBytesPerBatch is { } mb)
        {
            var r = mb(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (!TryGetCount(r.Value, out var count) || count < 1 || count > int.MaxValue)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, "MaxInputBytesPerBatch must be a positive integer.");
            }

            maxBytes = (int)count;
        }

        if (batcher.BatchInput is { } bi)
        {
            var r = bi(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            batchInput = r.Value;
        }

        var current = new List<JsonValue>();
        var bytes = 0;
        foreach (var item in items.AsSpan())
        {
            var size = PayloadSize.Measure(item, int.MaxValue);
            if (current.Count > 0 && (current.Count >= maxItems || bytes + size > maxBytes))
            {
                batches.Add(MakeBatch(current, batchInput));
                current.Clear();
                bytes = 0;
            }

            current.Add(item);
            bytes += size;
        }

        if (current.Count > 0)
        {
            batches.Add(MakeBatch(current, batchInput));
        }

        return StepOutcome.Success(default, -1);
    }

    private static JsonValue MakeBatch(List<JsonValue> items, JsonValue batchInput)
    {
        var builder = new JsonObjectBuilder(2);
        if (!batchInput.IsUndefined)
        {
            builder.Set("BatchInput", batchInput);
        }

        builder.Set("Items", JsonValue.CreateArray(items.ToArray()));
        return builder.ToObject();
    }

    /// <summary>An integer, or a string holding one (AWS accepts both from *Path fields).</summary>
    /// <summary>AWS's cause for a Map <c>*Path</c> field whose value is not of its type (a string is quoted as it is).</summary>
    private static string NotValidFromPath(string field, JsonValue value, string type, string path) =>
        "The " + field + " field refers to value \"" + (value.TryGetString(out var text) ? text : value.ToJsonString()) + "\" which is not a valid " + type + ": " + path;

    private static bool TryGetInteger(JsonValue value, out long result) =>
        value.TryGetInt64(out result) ||
        (value.TryGetString(out var text) && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out result));

    private static bool TryGetNumber(JsonValue value, out double result) =>
        value.TryGetDouble(out result) ||
        (value.TryGetString(out var text) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out result));
}
