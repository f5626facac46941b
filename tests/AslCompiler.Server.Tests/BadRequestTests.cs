using System.Text.Json.Nodes;
using AslCompiler.Runtime.Api;
using AslCompiler.Server.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AslCompiler.Server.Tests;

/// <summary>A request Kestrel itself refuses while its body is read is answered with Kestrel's status, not 500.</summary>
public sealed class BadRequestTests
{
    [Fact]
    public async Task A_body_that_arrives_too_slowly_is_the_clients_error()
    {
        // Kestrel throws this when the body's data rate falls under MinRequestBodyDataRate: it was a 500 InternalFailure.
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers["X-Amz-Target"] = "AWSStepFunctions.ListStateMachines";
        context.Request.Body = new FailingStream(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", StatusCodes.Status408RequestTimeout));
        context.Response.Body = new MemoryStream();
        var endpoint = new AwsJsonEndpoint(new LocalStepFunctions(), 1024 * 1024, NullLogger.Instance, CancellationToken.None);

        await endpoint.HandleAsync(context);

        Assert.Equal(StatusCodes.Status408RequestTimeout, context.Response.StatusCode);
        var body = JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!;
        Assert.Equal("BadRequest", body["__type"]!.GetValue<string>());
        Assert.StartsWith("Reading the request body timed out", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private sealed class FailingStream(Exception failure) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
