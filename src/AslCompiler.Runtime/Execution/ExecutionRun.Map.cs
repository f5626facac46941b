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
        if (map.ItemReader is { } reader)
        {
            var read = await ReadItemsAsync(reader, effective, frame, cancellationToken).ConfigureAwait(false);
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
            return await RunDistributedAsync(map, raw, effective, items, maxConcurrency, frame, cancellationToken).ConfigureAwait(false);
        }

        if (frame.Record && _history is not null)
        {
            Record(frame, "MapStateStarted", "mapStateStartedEventDetails", JsonMembers.Single("length", items.Count));
        }

        var results = new JsonValue[items.Count];
        var failure = await RunChildrenAsync(
            items.Count,
            (i, token) => RunIterationAsync(map, i, items[i], effective, frame, frame.Record, token),
            (i, outcome) => results[i] = outcome.Output,
            maxConcurrency,
            tolerated: 0,
            cancellationToken).ConfigureAwait(false);
        if (_history is not null)
        {
            frame.LastEventId = _history.Count;
        }

        if (failure is { } failed)
        {
            Record(frame, "MapStateFailed", null, default);
            return failed;
        }

        Record(frame, "MapStateSucceeded", null, default);
        return FinishAggregate(map, map.ResultSelector, map.ResultPath, raw, JsonArrayValue.FromOwnedArray(results), frame, map.Next);
    }

    private async ValueTask<StepOutcome> RunIterationAsync(MapProgram map, int index, JsonValue item, JsonValue effective, StateFrame parent, bool record, CancellationToken cancellationToken)
    {
        var child = StartIteration(map, index, item, effective, parent, record, out var input, out var failed);
        if (child is null)
        {
            return failed;
        }

        var outcome = await RunGraphAsync(map.Processor, input, child, cancellationToken).ConfigureAwait(false);
        if (record && _history is not null)
        {
            Record(child, outcome.Failed ? "MapIterationFailed" : "MapIterationSucceeded", outcome.Failed ? "mapIterationFailedEventDetails" : "mapIterationSucceededEventDetails", JsonValue.CreateObject(new("name", map.Name), new("index", index)));
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

            if (!TryGetInteger(r.Value, out var mc) || mc < 0 || mc > int.MaxValue)
            {
                failure = StepOutcome.Failure(StatesErrors.Runtime, "MaxConcurrency must be a non-negative integer, got " + r.Value.ToJsonString() + ".");
                return false;
            }

            maxConcurrency = (int)mc;
        }

        return true;
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
                    Record(frame, "MapStateFailed", null, default);
                }

                items = JsonArrayValue.Empty;
                failure = StepOutcome.Failure(r);
                return false;
            }

            source = r.Value;
        }

        if (!source.TryGetArray(out items!))
        {
            items = JsonArrayValue.Empty;
            failure = StepOutcome.Failure(StatesErrors.Runtime, "The Map state's items are not an array: " + source.ToJsonString());
            return false;
        }

        return true;
    }

    /// <summary>An inline Map iteration's frame and input (ItemSelector applied); null with <paramref name="failure"/> when the selector fails.</summary>
    private StateFrame? StartIteration(MapProgram map, int index, JsonValue item, JsonValue effective, StateFrame parent, bool record, out JsonValue input, out StepOutcome failure)
    {
        failure = default;
        var child = ChildFrame(parent, 'i', index, record);
        child.InheritState(parent);
        if (record && _history is not null)
        {
            Record(child, "MapIterationStarted", "mapIterationStartedEventDetails", JsonValue.CreateObject(new("name", map.Name), new("index", index)));
        }

        input = item;
        if (map.ItemSelector is { } selector)
        {
            child.SetMapItem(index, item);
            var r = selector(effective, child);
            child.SetMapItem(-1, default);
            if (!r.IsSuccess)
            {
                failure = StepOutcome.Failure(r);
                return null;
            }

            input = r.Value;
        }

        return child;
    }

    private async ValueTask<StepOutcome> ReadItemsAsync(ItemReaderProgram reader, JsonValue effective, StateFrame frame, CancellationToken cancellationToken)
    {
        var parameters = JsonValue.EmptyObject;
        if (reader.Parameters is { } p)
        {
            var r = p(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            parameters = r.Value;
        }

        if (_kernel.Options.ItemReader is not { } read)
        {
            return StepOutcome.Failure(StatesErrors.ItemReaderFailed, "No item reader is configured for '" + reader.Resource + "'.");
        }

        JsonValue items;
        try
        {
            items = await ReadItemsDurablyAsync(frame, read, new ItemReaderRequest(reader.Resource, parameters, reader.ReaderConfig), cancellationToken).ConfigureAwait(false);
        }
        catch (TaskFailedException e)
        {
            return StepOutcome.Failure(StatesErrors.ItemReaderFailed, e.ErrorCause ?? e.Error);
        }

        if (!items.TryGetArray(out var array))
        {
            return StepOutcome.Failure(StatesErrors.ItemReaderFailed, "The item reader did not return an array.");
        }

        if (reader.MaxItems is { } maxItems)
        {
            var r = maxItems(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (r.Value.TryGetInt32(out var max) && max > 0 && max < array.Count)
            {
                array = array.Slice(0, max);
            }
        }

        return StepOutcome.Success(JsonValue.FromArray(array), -1);
    }

    private async ValueTask<StepOutcome> RunDistributedAsync(MapProgram map, JsonValue raw, JsonValue effective, JsonArrayValue items, int maxConcurrency, StateFrame frame, CancellationToken cancellationToken)
    {
        var toleratedCount = -1L;
        var toleratedPercentage = -1.0;
        if (map.ToleratedFailureCount is { } countExpression)
        {
            var r = countExpression(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (!TryGetInteger(r.Value, out toleratedCount) || toleratedCount < 0)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, "ToleratedFailureCount must be a non-negative integer, got " + r.Value.ToJsonString() + ".");
            }
        }

        if (map.ToleratedFailurePercentage is { } percentageExpression)
        {
            var r = percentageExpression(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (!TryGetNumber(r.Value, out toleratedPercentage) || toleratedPercentage < 0 || toleratedPercentage > 100)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, "ToleratedFailurePercentage must be a number from 0 to 100, got " + r.Value.ToJsonString() + ".");
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

        Record(frame, "MapStateStarted", "mapStateStartedEventDetails", JsonMembers.Single("length", items.Count));
        var options = _kernel.Options;
        var mapRunArn = "arn:" + options.Partition + ":states:" + options.Region + ":" + options.AccountId + ":mapRun:" + _request.StateMachineName + "/" + (map.Label ?? map.Name) + ":" + Guid.NewGuid().ToString();
        var total = map.ItemBatcher is null ? items.Count : inputs.Count;
        var control = new MapRunControl(
            mapRunArn,
            ExecutionArn,
            StateMachineArn,
            _time.GetUtcNow(),
            total,
            items.Count,
            maxConcurrency,
            toleratedCount >= 0 ? toleratedCount : null,
            toleratedPercentage >= 0 ? toleratedPercentage : null);
        options.MapRunMonitor?.Started(control);
        Record(frame, "MapRunStarted", "mapRunStartedEventDetails", JsonMembers.Single("mapRunArn", mapRunArn));

        var results = new JsonValue[total];
        StepOutcome? failure;
        try
        {
            failure = await DispatchAsync(
                control,
                i => map.ItemBatcher is null ? 1 : inputs[i]["Items"].GetArray().Count,
                (i, token) => map.ItemBatcher is null
                    ? RunIterationAsync(map, i, items[i], effective, frame, record: false, token)
                    : RunGraphAsync(map.Processor, inputs[i], ChildFrame(frame, 'i', i, record: false, new VariableScope()), token),
                (i, outcome) => results[i] = outcome.Failed ? JsonValue.CreateObject(new("Error", outcome.Error), new("Cause", outcome.Cause)) : outcome.Output,
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            control.Complete(MapRunState.Aborted, _time.GetUtcNow());
            throw;
        }

        var (_, _, succeeded, failed, aborted) = control.Children;
        var record = new MapRunRecord(mapRunArn, total, (int)succeeded, (int)failed, (int)aborted);
        lock (this)
        {
            MapRuns.Add(record);
        }

        if (failure is not null)
        {
            control.Complete(MapRunState.Failed, _time.GetUtcNow());
            Record(frame, "MapRunFailed", "mapRunFailedEventDetails", ErrorDetails(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded"));
            Record(frame, "MapStateFailed", null, default);
            return StepOutcome.Failure(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded");
        }

        control.Complete(MapRunState.Succeeded, _time.GetUtcNow());
        Record(frame, "MapRunSucceeded", null, default);
        Record(frame, "MapStateSucceeded", null, default);
        return FinishAggregate(map, map.ResultSelector, map.ResultPath, raw, JsonArrayValue.FromOwnedArray(results), frame, map.Next);
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
        CancellationToken cancellationToken)
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
                control.ChildFailed(items);
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

    private static StepOutcome BuildBatches(ItemBatcherProgram batcher, JsonArrayValue items, JsonValue effective, StateFrame frame, List<JsonValue> batches)
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

            if (!r.Value.TryGetInt32(out maxItems) || maxItems < 1)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, "MaxItemsPerBatch must be a positive integer.");
            }
        }

        if (batcher.MaxInputBytesPerBatch is { } mb)
        {
            var r = mb(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            if (!r.Value.TryGetInt32(out maxBytes) || maxBytes < 1)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, "MaxInputBytesPerBatch must be a positive integer.");
            }
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

    // Made on the first distributed Map: most executions have none.
    private List<MapRunRecord>? _mapRuns;

    internal List<MapRunRecord> MapRuns => _mapRuns ??= [];

    /// <summary>An integer, or a string holding one (AWS accepts both from *Path fields).</summary>
    private static bool TryGetInteger(JsonValue value, out long result) =>
        value.TryGetInt64(out result) ||
        (value.TryGetString(out var text) && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out result));

    private static bool TryGetNumber(JsonValue value, out double result) =>
        value.TryGetDouble(out result) ||
        (value.TryGetString(out var text) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out result));
}

/// <summary>The counts of a distributed Map's run (DescribeMapRun's itemCounts, in short).</summary>
/// <param name="MapRunArn">The Map Run ARN.</param>
/// <param name="Total">Items (or batches) dispatched.</param>
/// <param name="Succeeded">Child runs that succeeded.</param>
/// <param name="Failed">Child runs that failed.</param>
/// <param name="Aborted">Child runs stopped before the end.</param>
public sealed record MapRunRecord(string MapRunArn, int Total, int Succeeded, int Failed, int Aborted);
