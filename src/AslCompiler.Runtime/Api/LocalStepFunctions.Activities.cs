using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Api.Validation;

namespace AslCompiler.Runtime.Api;

public sealed partial class LocalStepFunctions
{
    /// <inheritdoc/>
    public Task<CreateActivityResponse> CreateActivityAsync(CreateActivityRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        CheckName(request.Name);
        CheckConfiguration(null, request.EncryptionConfiguration);
        var arn = Arns.Activity(request.Name);
        var now = Now;
        return Done(_store.Write(state =>
        {
            if (state.Activities.TryGetValue(arn, out var existing))
            {
                // Idempotent on the name; tags are ignored, a different encryption configuration is refused.
                if (!SameEncryption(existing.Encryption, request.EncryptionConfiguration))
                {
                    throw new ActivityAlreadyExistsException("Activity already exists: '" + arn + "'. EncryptionConfiguration may not be updated.");
                }

                return (state, new CreateActivityResponse { ActivityArn = arn, CreationDate = existing.CreationDate });
            }

            var sequence = state.LastSequence + 1;
            var activity = new ActivityRecord
            {
                Arn = arn,
                Name = request.Name,
                Encryption = Normalize(request.EncryptionConfiguration),
                CreationDate = now,
                Sequence = sequence,
                Tags = MergeTags([], request.Tags, arn),
            };
            return (state with { Activities = state.Activities.SetItem(arn, activity), LastSequence = sequence },
                new CreateActivityResponse { ActivityArn = arn, CreationDate = now });
        }));
    }

    /// <inheritdoc/>
    public Task<DescribeActivityResponse> DescribeActivityAsync(DescribeActivityRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var activity = RequireActivity(_store.Current, request.ActivityArn);
        return Done(new DescribeActivityResponse
        {
            ActivityArn = activity.Arn,
            Name = activity.Name,
            CreationDate = activity.CreationDate,
            EncryptionConfiguration = activity.Encryption,
        });
    }

    /// <inheritdoc/>
    public Task<DeleteActivityResponse> DeleteActivityAsync(DeleteActivityRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseArn(request.ActivityArn, StepFunctionsResourceType.Activity);
        _store.Write(state => (state with { Activities = state.Activities.Remove(request.ActivityArn) }, 0));
        KernelEngine?.Kernel.DropActivityQueue(request.ActivityArn);
        return Done(new DeleteActivityResponse());
    }

    /// <inheritdoc/>
    public Task<ListActivitiesResponse> ListActivitiesAsync(ListActivitiesRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var (page, next) = PageToken.Page(_store.Current.Activities.Values.OrderBy(a => a.Sequence), a => a.Sequence, request.NextToken, "activities", string.Empty, PageSize(request.MaxResults));
        return Done(new ListActivitiesResponse
        {
            Activities = page.Select(a => new ActivityListItem { ActivityArn = a.Arn, Name = a.Name, CreationDate = a.CreationDate }).ToList(),
            NextToken = next,
        });
    }

    private static ActivityRecord RequireActivity(ResourceState state, string activityArn)
    {
        ParseArn(activityArn, StepFunctionsResourceType.Activity);
        return state.Activities.TryGetValue(activityArn, out var activity)
            ? activity
            : throw new ActivityDoesNotExistException("Activity Does Not Exist: '" + activityArn + "'");
    }
}
