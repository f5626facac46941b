using System.Net.Http.Headers;
using System.Text;
using AslCompiler.Server.Services;

namespace AslCompiler.Server.Tests;

/// <summary>Signature Version 4 as botocore's SigV4Auth signs the same request (the values below are botocore's).</summary>
public sealed class AwsSignatureV4Tests
{
    [Fact]
    public void A_form_request_with_a_path_a_query_and_a_session_token_is_signed_as_botocore_signs_it()
    {
        var body = Encoding.UTF8.GetBytes("Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A111111111111%3At&Message=hi%20there");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://sns.example.com:4566/path/?b=2&a=x%20y") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        AwsSignatureV4.Sign(
            request,
            body,
            "us-east-1",
            "sns",
            new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN"),
            new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=a78a90416865f58baa3b4461eb5fe89cf37a94ad4ddea34456254dc67fbe9d4b",
            string.Join(",", request.Headers.GetValues("Authorization")));
        Assert.Equal("sns.example.com:4566", request.Headers.Host);
        Assert.Equal("SESSIONTOKEN", string.Join(",", request.Headers.GetValues("X-Amz-Security-Token")));
    }
}
