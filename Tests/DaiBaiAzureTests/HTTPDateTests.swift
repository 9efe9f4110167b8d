import DaiBaiAzure
import Foundation
import Testing

@Suite struct HTTPDateTests {
    @Test func formatsTheCosmosVectorDate() {
        // 2017-04-27T00:51:12Z, the date of the Cosmos DB vectors in protocol-vectors.md.
        #expect(HTTPDate.rfc1123(Date(timeIntervalSince1970: 1_493_254_272)) == "Thu, 27 Apr 2017 00:51:12 GMT")
        #expect(HTTPDate.parse("Fri, 11 May 2018 18:48:36 GMT") == Date(timeIntervalSince1970: 1_526_064_516))
    }
}
